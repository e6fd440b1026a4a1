use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = GET, credentials = "yes")]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
