use handler_cors::cors;

#[cors(origins = [env(CORS_ALLOWED_ORIGINS)])]
async fn unquoted() -> &'static str {
    "[]"
}

#[cors(origins = [env("CORS_ALLOWED_ORIGINS", fallback = ["https://myapp.com"])])]
async fn wrong_key() -> &'static str {
    "[]"
}

fn main() {}
