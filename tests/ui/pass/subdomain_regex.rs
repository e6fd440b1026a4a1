//! A regex over subdomains, every host dot escaped, with credentials.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://\w+\.myapp\.com$")], methods = [GET], credentials = true)]
async fn posts() -> &'static str {
    "[]"
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/posts", handler_cors::route!(get(posts)));
}
