use handler_cors::{cors, route};

#[cors(origins = ["https://myapp.com"], methods = [GET, POST])]
async fn posts() -> &'static str {
    "[]"
}

fn main() {
    let _a: axum::Router = axum::Router::new().route("/a", route!(get(posts).options(posts)));
    let _b: axum::Router = axum::Router::new().route("/b", route!(get(posts).get(posts)));
    let _c: axum::Router = axum::Router::new().route("/c", route!(any(posts)));
    let _d: axum::Router = axum::Router::new().route("/d", route!(get(posts).trace(posts)));
    let _e: axum::Router = axum::Router::new().route("/e", route!(get(posts, posts)));
    let _f: axum::Router = axum::Router::new().route("/f", route!(posts));
}
