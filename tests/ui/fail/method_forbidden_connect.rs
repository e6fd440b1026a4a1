use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET, CONNECT])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
