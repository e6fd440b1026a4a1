use handler_cors::cors;

#[cors(origins = [regex(r"^https?://[a-z]+\.myapp\.com$")], methods = [GET], credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
