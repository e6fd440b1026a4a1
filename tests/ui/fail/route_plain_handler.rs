use handler_cors::{cors, route};

#[cors(origins = ["https://myapp.com"], methods = [GET, POST])]
async fn list_posts() -> &'static str {
    "[]"
}

/// Not annotated: `route!` cannot know which policy answers its preflights.
async fn create_post() -> &'static str {
    "created"
}

fn main() {
    let _app: axum::Router = axum::Router::new().route("/posts", route!(get(list_posts).post(create_post)));
}
