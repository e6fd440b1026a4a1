use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], max_age = 604800)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
