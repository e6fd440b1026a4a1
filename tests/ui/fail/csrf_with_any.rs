//! csrf with origins = any trusts every website, so it would refuse nothing.
use handler_cors::{cors, policy};

#[cors(origins = any, methods = [GET, POST], csrf)]
async fn handler() -> &'static str {
    "[]"
}

policy!(pub OPEN, origins = any, csrf = true);

#[cors(origins = ["https://myapp.com"], csrf = "yes")]
async fn misspelled() -> &'static str {
    "[]"
}

fn main() {}
