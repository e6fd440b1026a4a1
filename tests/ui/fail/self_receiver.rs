use handler_cors::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://myapp.com"], methods = [GET])]
    async fn handler(&self) -> &'static str {
        "[]"
    }
}

fn main() {}
