//! A regex with an uppercase scheme or host never matches an Origin header.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://MyApp\.com$")], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
