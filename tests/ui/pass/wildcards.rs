//! Wildcard labels and ports, and a fully public route.
use handler_cors::cors;

#[cors(
    origins = [
        "https://*.myapp.com",
        "https://*.myapp.com:8443",
        "https://staging.myapp.com:*",
        "http://localhost:*",
    ],
    methods = [GET, POST],
    credentials = true,
)]
async fn posts() -> &'static str {
    "[]"
}

#[cors(origins = any, methods = [GET], headers = any)]
async fn status() -> &'static str {
    "ok"
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/posts", handler_cors::route!(get(posts).post(posts)))
        .route("/status", handler_cors::route!(get(status)));
}
