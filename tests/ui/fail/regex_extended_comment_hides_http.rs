//! An (?x) regex ending in a comment: the comment no longer swallows the anchor, so its http:// is seen.
use handler_cors::cors;

#[cors(origins = [regex(r"(?x) ^http://[a-z]+\.myapp\.com$  # staging")], methods = [GET], credentials = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
