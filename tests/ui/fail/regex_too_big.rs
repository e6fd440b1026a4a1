//! A regex the runtime could not compile (beyond the size limit) is a compile error.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://\w{1000}\w{1000}\w{1000}\.myapp\.com$")], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
