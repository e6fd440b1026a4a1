use handler_cors::cors;

#[cors(policy = STRIKT)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
