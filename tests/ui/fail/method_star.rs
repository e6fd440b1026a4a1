//! methods = ["*"] would be sent as Access-Control-Allow-Methods: *.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = ["*"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
