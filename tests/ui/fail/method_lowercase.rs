use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [get, POST])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
