//! A production list with credentials, a day of preflight caching and exposed headers.
use handler_cors::cors;

#[cors(
    origins = ["https://myapp.com", "https://www.myapp.com", "https://admin.myapp.com"],
    methods = [GET, POST],
    headers = ["authorization", "content-type", "x-csrftoken"],
    expose_headers = ["content-disposition", "x-total-count"],
    credentials = true,
    max_age = 86400,
)]
async fn posts() -> &'static str {
    "[]"
}

fn main() {
    let _app: axum::Router = axum::Router::new().route(
        "/posts",
        handler_cors::route!(get(posts).post(posts)),
    );
}
