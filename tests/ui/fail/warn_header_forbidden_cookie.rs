//! A header only the browser sets is a warning (here denied, so the .stderr shows it).
#![deny(deprecated)]

use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], headers = ["content-type", "cookie"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
