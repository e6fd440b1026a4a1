//! Extension methods as strings, private network access, bare `credentials`.
use handler_cors::cors;

#[cors(
    origins = ["https://myapp.com"],
    methods = [GET, "PROPFIND", "M-SEARCH"],
    private_network = true,
    credentials,
)]
async fn discover() -> &'static str {
    "[]"
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/dav", handler_cors::route!(get(discover)));
}
