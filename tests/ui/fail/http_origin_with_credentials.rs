use handler_cors::cors;

#[cors(origins = ["http://localhost:3000", "http://myapp.com"], methods = [GET], credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
