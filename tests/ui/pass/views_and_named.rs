use axum::{Router, routing::get};
use handler_cors::{cors, policy};

policy!(pub STRICT, origins = ["https://myapp.com"], methods = [GET, POST], credentials);

mod policies {
    handler_cors::policy!(pub OPEN, origins = any, methods = [GET]);
}

#[derive(Clone)]
struct Db;

struct PostsView;

#[cors(policy = STRICT)]
impl PostsView {
    async fn list(axum::extract::State(_db): axum::extract::State<Db>) -> &'static str {
        "[]"
    }

    #[cors(policy = policies::OPEN)]
    async fn feed() -> &'static str {
        "[]"
    }

    async fn create(body: String) -> String {
        body
    }
}

#[cors(policy = crate::policies::OPEN)]
async fn open() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new()
        .route("/posts", handler_cors::route!(get(PostsView::list).post(PostsView::create)))
        .route("/feed", get(PostsView::feed))
        .route("/open", handler_cors::route!(get(open)))
        .layer(STRICT.layer())
        .with_state(Db);
    assert!(STRICT.policy().credentials());
    assert!(policies::OPEN.policy().allows_any_origin());
}
