use handler_cors::cors;

#[cors(origins = any, methods = [GET], credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
