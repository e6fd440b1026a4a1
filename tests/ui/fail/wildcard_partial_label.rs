use handler_cors::cors;

#[cors(origins = ["https://*myapp.com", "https://preview-*.myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
