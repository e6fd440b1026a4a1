// A syntax error inside a handler's body is rustc's to report, at the
// user's token.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    let = 1;
    "[]"
}

fn main() {
    let _app: axum::Router =
        axum::Router::new().route("/", handler_cors::route!(get(handler)));
}
