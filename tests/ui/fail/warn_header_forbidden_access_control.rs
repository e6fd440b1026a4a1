//! A header only the browser sets is a warning (here denied, so the .stderr shows it).
#![deny(deprecated)]

use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], headers = ["access-control-allow-origin"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
