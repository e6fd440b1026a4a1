use handler_cors::cors;

#[cors(origins = ["https://myapp.com#posts"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
