use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], headers = ["content type"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
