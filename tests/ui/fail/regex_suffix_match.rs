use handler_cors::cors;

#[cors(origins = [regex(r"^https://.*myapp\.com$")], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
