//! A `max_age` above Chromium's 7200 seconds: a warning (denied here);
//! above 86400 it stays an error (max_age_too_long.rs).
#![deny(deprecated)]
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], max_age = 86400)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
