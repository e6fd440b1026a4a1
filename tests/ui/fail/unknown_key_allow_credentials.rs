use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], allow_credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
