// A handler's inner attributes stay at the top of its body and apply to
// all of it.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn handler() -> &'static str {
    #![deny(unused_variables)]
    let unused = 1;
    "[]"
}

fn main() {
    let _app: axum::Router =
        axum::Router::new().route("/", handler_cors::route!(get(handler)));
}
