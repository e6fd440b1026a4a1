use handler_cors::cors;

#[cors(methods = [GET], credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
