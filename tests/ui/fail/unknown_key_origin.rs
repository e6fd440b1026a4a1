use handler_cors::cors;

#[cors(origin = ["https://myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
