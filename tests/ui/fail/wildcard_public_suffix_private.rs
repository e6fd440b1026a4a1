//! Hosting platforms of the Public Suffix List private section, and one it does not list yet.
use handler_cors::cors;

#[cors(origins = ["https://*.s3.us-east-1.amazonaws.com", "https://*.app.github.dev", "https://*.uc.r.appspot.com", "https://*.vercel.app"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
