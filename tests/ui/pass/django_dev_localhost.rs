//! A Django `CORS_ALLOWED_ORIGINS` dev list: loopback `http://` may carry credentials.
use handler_cors::cors;

#[cors(
    origins = [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://localhost:5173",
        "http://localhost:8080",
    ],
    methods = [DELETE, GET, OPTIONS, PATCH, POST, PUT],
    headers = ["accept", "authorization", "content-type", "user-agent", "x-csrftoken", "x-requested-with"],
    credentials = true,
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
