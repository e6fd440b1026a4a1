// A known limit, pinned so a change to it is seen: `route!` looks the
// policies up in a function beside the route (type-checked on its own,
// which halves the routes' type-checking time), and a function cannot see
// the local variables around it. Name the handler by its path instead:
// `route!(get(list))`. README ("route!") says so.
use handler_cors::{cors, route};

#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn list() -> &'static str {
    "[]"
}

fn main() {
    let handler = list;
    let _app: axum::Router = axum::Router::new().route("/", route!(get(handler)));
}
