//! Serves `examples/frontend/index.html` on port 3000, so a browser can call
//! the `blog_api` example (port 8000) from another origin.
//!
//! ```sh
//! cargo run --example blog_api      # terminal 1
//! cargo run --example frontend      # terminal 2
//! # then open http://localhost:3000 (allowed) and http://127.0.0.1:3000 (a different origin)
//! ```

use axum::Router;
use axum::response::Html;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let page = Html(include_str!("index.html"));
    let app = Router::new().route("/", get(move || async move { page }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000")
        .await
        .unwrap();
    println!(
        "frontend on http://localhost:3000 (allowed by /api/posts) and http://127.0.0.1:3000 (not allowed)"
    );
    axum::serve(listener, app).await.unwrap();
}
