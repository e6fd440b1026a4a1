//! `OPTIONS` in `methods` does nothing: a warning (denied here).
#![deny(deprecated)]
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET, OPTIONS])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
