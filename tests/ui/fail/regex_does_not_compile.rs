use handler_cors::cors;

#[cors(origins = [regex(r"^https://(api\.myapp\.com$")], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
