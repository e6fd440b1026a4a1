use handler_cors::cors;

#[cors(origins = ["https://*.co.uk"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
