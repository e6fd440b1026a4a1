use handler_cors::cors;

#[cors(origins = [env("CORS ALLOWED ORIGINS")])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
