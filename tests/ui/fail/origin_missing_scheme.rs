use handler_cors::cors;

#[cors(origins = ["myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
