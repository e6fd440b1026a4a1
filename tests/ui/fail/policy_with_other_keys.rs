use handler_cors::{cors, policy};

policy!(pub STRICT, origins = ["https://myapp.com"], credentials);

#[cors(policy = STRICT, methods = [GET, POST], max_age = 600)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
