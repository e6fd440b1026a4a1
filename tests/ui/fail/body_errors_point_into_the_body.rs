// The attribute keeps the body as the user's tokens: a mistake inside it is
// reported at the user's own code.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    let count: u32 = "three";
    "[]"
}

fn main() {
    let _app: axum::Router =
        axum::Router::new().route("/", handler_cors::route!(get(handler)));
}
