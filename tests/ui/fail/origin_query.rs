use handler_cors::cors;

#[cors(origins = ["https://myapp.com?tab=posts"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
