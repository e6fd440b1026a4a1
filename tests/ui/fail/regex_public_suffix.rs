//! A regex over a public suffix is refused as its *. form is.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://[a-z0-9-]+\.vercel\.app$")], methods = [GET])]
async fn vercel() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://\w+\.github\.io$")], methods = [GET])]
async fn github_pages() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://.*\.co\.uk$")], methods = [GET])]
async fn co_uk() -> &'static str {
    "[]"
}

fn main() {}
