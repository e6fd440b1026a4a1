use handler_cors::cors;

#[cors(origins = ["https://myapp.com/"], methods = [GET])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {
    let _app: axum::Router =
        axum::Router::new().route("/", handler_cors::route!(get(handler)));
}
