use handler_cors::cors;

#[cors(origins = [env("CORS_ALLOWED_ORIGINS", default = ["http://localhost:3000/", "http://myapp.com"])], credentials)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
