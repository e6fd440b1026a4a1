use handler_cors::cors;

#[cors(origins = ["http://localhost:70000"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
