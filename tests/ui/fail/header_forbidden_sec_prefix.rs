use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], headers = ["sec-fetch-mode"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
