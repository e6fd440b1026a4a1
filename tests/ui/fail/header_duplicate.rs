use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], headers = ["content-type", "Content-Type"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
