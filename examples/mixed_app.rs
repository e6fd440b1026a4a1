//! Strict and open routes side by side, without repeating a policy:
//!
//! * a class-based view (`#[cors]` on an impl block) for `/api/posts`;
//! * a public read-only route open to any origin;
//! * an admin route for one origin, with credentials (a named policy);
//! * a router-wide default layer for every other route;
//! * `csrf` on the credentialed policies: a form another site posts with the
//!   user's cookies is refused before any handler runs.
//!
//! ```sh
//! cargo run --example mixed_app
//! curl -i http://127.0.0.1:8002/api/health -H 'Origin: https://myapp.com'
//! # refused by cross-origin request protection (403):
//! curl -i -X POST http://127.0.0.1:8002/api/posts -H 'Origin: https://evil.example' -H 'Sec-Fetch-Site: cross-site' -d 'title=x'
//! # the CORS map of this app, then exit:
//! cargo run --example mixed_app -- --map
//! ```

use axum::{Json, Router, routing::get};
use handler_cors::{cors, policy};

// Declared once, checked at compile time like any `#[cors(...)]`.
policy!(
    pub ADMIN,
    origins = ["https://admin.myapp.com"],
    methods = [GET, POST, DELETE],
    headers = ["authorization", "content-type"],
    credentials,
    max_age = 600,
    csrf,
);

policy!(
    pub APP_DEFAULT,
    origins = ["https://myapp.com", "https://www.myapp.com"],
    methods = [GET, POST],
    headers = ["content-type"],
    credentials,
    csrf,
);

/// The posts resource as one view: reading is public, writing is the app's.
struct PostsView;

#[cors(origins = any, methods = [GET])]
impl PostsView {
    async fn list() -> Json<Vec<&'static str>> {
        Json(vec!["hello", "world"])
    }

    /// Its own policy replaces the block's for this function.
    #[cors(policy = APP_DEFAULT)]
    async fn create(body: String) -> String {
        format!("created: {body}")
    }
}

/// A public, read-only route: any origin, no credentials.
#[cors(origins = any, methods = [GET])]
async fn public_feed() -> Json<Vec<&'static str>> {
    Json(vec!["news"])
}

/// Only the admin front-end, with the user's cookies.
#[cors(policy = ADMIN)]
async fn purge_cache() -> &'static str {
    "purged"
}

/// No attribute: the router-wide default layer answers for it.
async fn health() -> &'static str {
    "ok"
}

fn app() -> Router {
    Router::new()
        .route(
            "/api/posts",
            handler_cors::route!(get(PostsView::list).post(PostsView::create)),
        )
        .route("/api/feed", handler_cors::route!(get(public_feed)))
        .route(
            "/api/admin/cache",
            handler_cors::route!(get(purge_cache).delete(purge_cache)),
        )
        .route("/api/health", get(health))
        .layer(APP_DEFAULT.layer())
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|arg| arg == "--map") {
        // Every handler and named policy of this program, as a table.
        print!("{}", handler_cors::inventory());
        return;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8002")
        .await
        .unwrap();
    println!("mixed_app listening on http://127.0.0.1:8002");
    axum::serve(listener, app()).await.unwrap();
}
