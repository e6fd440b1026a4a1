//! Two handlers on one path share one `OPTIONS` route.
use handler_cors::cors;

#[cors(origins = any, methods = [GET])]
async fn list_posts() -> &'static str {
    "[]"
}

#[cors(origins = ["https://admin.myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
async fn create_post(body: String) -> String {
    body
}

fn main() {
    let _app: axum::Router = axum::Router::new().route(
        "/posts",
        handler_cors::route!(get(list_posts).post(create_post)),
    );
}
