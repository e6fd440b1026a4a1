//! The seed's django-cors-headers configuration compiles as it is: headers
//! only the browser sets are warnings, and `#[allow(deprecated)]` on a
//! handler (or a named policy, or an impl block) silences them.
#![deny(deprecated)]
use handler_cors::{cors, policy};

#[allow(deprecated)]
#[cors(
    origins = ["https://myapp.com"],
    methods = [GET, POST, OPTIONS],
    headers = ["accept", "accept-encoding", "authorization", "content-type", "dnt", "origin", "user-agent", "x-csrftoken", "x-requested-with"],
    credentials = true,
    max_age = 86400,
)]
async fn posts() -> &'static str {
    "[]"
}

policy!(#[allow(deprecated)] pub DJANGO, origins = ["https://myapp.com"], headers = ["dnt"]);

#[cors(policy = DJANGO)]
async fn comments() -> &'static str {
    "[]"
}

struct DjangoView;

#[allow(deprecated)]
#[cors(origins = ["https://myapp.com"], headers = ["dnt"])]
impl DjangoView {
    async fn list() -> &'static str {
        "[]"
    }

    #[cors(origins = ["https://myapp.com"], methods = [GET, OPTIONS], max_age = 86400)]
    async fn feed() -> &'static str {
        "[]"
    }
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/posts", axum::routing::get(posts).post(posts).options(posts::preflight))
        .route("/comments", axum::routing::get(comments).options(comments::preflight))
        .route("/django", handler_cors::route!(axum::routing::get(DjangoView::list)))
        .route("/django/feed", handler_cors::route!(axum::routing::get(DjangoView::feed)));
}
