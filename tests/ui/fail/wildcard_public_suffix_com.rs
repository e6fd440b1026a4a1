use handler_cors::cors;

#[cors(origins = ["https://*.com"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
