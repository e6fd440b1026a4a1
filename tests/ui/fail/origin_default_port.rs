use handler_cors::cors;

#[cors(origins = ["https://myapp.com:443"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
