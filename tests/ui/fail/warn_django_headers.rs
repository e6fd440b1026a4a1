//! The seed's django-cors-headers list compiles, with a warning for each
//! header only the browser sets (denied here, so the .stderr shows them).
#![deny(deprecated)]
use handler_cors::cors;

#[cors(
    origins = ["https://myapp.com"],
    methods = [GET, POST],
    headers = ["accept", "accept-encoding", "authorization", "content-type", "dnt", "origin", "user-agent", "x-csrftoken", "x-requested-with"],
)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
