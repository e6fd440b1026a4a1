use handler_cors::cors;

#[cors(origins = ["https://*.github.io"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
