//! Class-based views (`#[cors]` on an impl block), named policies
//! (`policy!`), and a named policy as a router-wide layer, through a real
//! Router.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use handler_cors::{cors, policy};
use tower::ServiceExt;

policy!(
    /// The app's own front-ends, with credentials.
    pub STRICT,
    origins = ["https://myapp.com", "https://admin.myapp.com"],
    methods = [GET, POST, DELETE],
    headers = ["content-type"],
    credentials,
);

policy!(pub(crate) APP_DEFAULT, origins = ["https://myapp.com"], methods = [GET, POST], max_age = 300);

/// A class-based view: every async fn gets the block's policy.
struct PostsView;

#[cors(origins = any, methods = [GET])]
impl PostsView {
    /// Lists posts (public).
    async fn list() -> &'static str {
        "list"
    }

    /// Creates a post: its own policy replaces the block's.
    #[cors(origins = ["https://admin.myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
    async fn create(body: String) -> String {
        format!("created {body}")
    }

    /// Not a handler (not async): left alone.
    fn helper() -> u8 {
        7
    }
}

struct AdminView;

#[cors(policy = STRICT)]
impl AdminView {
    async fn stats() -> &'static str {
        "stats"
    }

    async fn purge() -> &'static str {
        "purged"
    }
}

#[cors(policy = STRICT)]
pub async fn account() -> &'static str {
    "account"
}

#[cors(origins = any, methods = [GET])]
async fn public_feed() -> &'static str {
    "feed"
}

async fn plain() -> &'static str {
    "plain"
}

fn app() -> Router {
    let covered = Router::new()
        .route("/plain", get(plain).post(plain))
        .route("/feed", handler_cors::route!(get(public_feed)))
        .route("/account", get(account))
        .layer(APP_DEFAULT.layer());
    Router::new()
        .route(
            "/posts",
            handler_cors::route!(get(PostsView::list).post(PostsView::create)),
        )
        .route(
            "/admin",
            handler_cors::route!(get(AdminView::stats).delete(AdminView::purge)),
        )
        .route(
            "/me",
            handler_cors::route!(get(account).post(account).delete(account)),
        )
        .route(
            "/mixed",
            handler_cors::route!(get(public_feed).post(account)),
        )
        .nest("/app", covered)
        .route("/outside", post(plain))
}

async fn send(request: Request<Body>) -> Response {
    let response = app().oneshot(request).await.unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn get_from(path: &str, origin: &str) -> Request<Body> {
    Request::get(path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

fn preflight(path: &str, origin: &str, method: &str) -> Request<Body> {
    Request::options(path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .body(Body::empty())
        .unwrap()
}

fn acao(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("access-control-allow-origin")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

#[tokio::test]
async fn impl_block_policy_applies_to_each_handler_and_can_be_overridden() {
    let response = send(get_from("/posts", "https://anyone.example")).await;
    assert_eq!(acao(response.headers()), ["*"]);

    let request = Request::post("/posts")
        .header("origin", "https://admin.myapp.com")
        .body(Body::from("hello"))
        .unwrap();
    let response = send(request).await;
    assert_eq!(acao(response.headers()), ["https://admin.myapp.com"]);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );

    // The override replaces the block's policy: `any` no longer applies.
    let request = Request::post("/posts")
        .header("origin", "https://anyone.example")
        .body(Body::from("x"))
        .unwrap();
    assert!(acao(send(request).await.headers()).is_empty());

    assert_eq!(PostsView::helper(), 7);
    assert!(PostsView::LIST_POLICY.allows_any_origin());
    assert!(!PostsView::CREATE_POLICY.allows_any_origin());
    assert_eq!(PostsView::CREATE_POLICY.handler(), "PostsView::create");
}

#[tokio::test]
async fn route_decides_each_view_preflight_by_the_routed_handler() {
    let response = send(preflight("/posts", "https://anyone.example", "GET")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(response.headers()), ["*"]);

    let response = send(preflight("/posts", "https://admin.myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["access-control-allow-methods"], "POST");

    let response = send(preflight("/posts", "https://anyone.example", "POST")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = send(Request::options("/posts").body(Body::empty()).unwrap()).await;
    assert_eq!(response.headers()["allow"], "GET, HEAD, POST, OPTIONS");
}

#[tokio::test]
async fn named_policies_on_functions_and_blocks() {
    for path in ["/admin", "/me"] {
        let response = send(get_from(path, "https://admin.myapp.com")).await;
        assert_eq!(
            acao(response.headers()),
            ["https://admin.myapp.com"],
            "{path}"
        );
        assert_eq!(
            response.headers()["access-control-allow-credentials"],
            "true"
        );
        assert!(acao(send(get_from(path, "https://evil.example")).await.headers()).is_empty());
        let response = send(preflight(path, "https://myapp.com", "DELETE")).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            response.headers()["access-control-allow-methods"],
            "GET, POST, DELETE"
        );
    }
    // One policy, shared: the handler's POLICY is the named one.
    assert!(std::ptr::eq(account::POLICY, STRICT.policy()));
    assert!(std::ptr::eq(AdminView::STATS_POLICY, STRICT.policy()));
    assert!(STRICT.policy().allows_origin("https://myapp.com"));
    assert_eq!(STRICT.policy().handler(), "STRICT");

    let response = send(preflight("/mixed", "https://myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
}

#[tokio::test]
async fn the_layer_covers_plain_handlers_and_routes_without_options() {
    let response = send(get_from("/app/plain", "https://myapp.com")).await;
    assert_eq!(acao(response.headers()), ["https://myapp.com"]);
    assert_eq!(response.headers()["vary"], "Origin");
    assert!(
        acao(
            send(get_from("/app/plain", "https://evil.example"))
                .await
                .headers()
        )
        .is_empty()
    );

    // No `.options(...)` on /app/plain: the layer answers the preflight.
    let response = send(preflight("/app/plain", "https://myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["access-control-max-age"], "300");
    let response = send(preflight("/app/plain", "https://evil.example", "POST")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(acao(response.headers()).is_empty());

    // Outside the layer nothing answers CORS for a plain handler.
    let response = send(preflight("/outside", "https://myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn handlers_with_their_own_policy_keep_it_under_the_layer() {
    // `origins = any`: the handler's `*`, not the layer's echo, and only one.
    let response = send(get_from("/app/feed", "https://anyone.example")).await;
    assert_eq!(acao(response.headers()), ["*"]);
    assert!(response.headers().get("vary").is_none());
    let response = send(get_from("/app/feed", "https://myapp.com")).await;
    assert_eq!(acao(response.headers()), ["*"]);

    let response = send(preflight("/app/feed", "https://anyone.example", "GET")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(response.headers()), ["*"]);
    assert!(
        response.headers().get("access-control-max-age").is_none(),
        "the layer's max_age is not mixed in"
    );

    // A handler refusing an origin the layer would allow: refused, no headers added by the layer.
    let response = send(get_from("/app/account", "https://admin.myapp.com")).await;
    assert_eq!(acao(response.headers()), ["https://admin.myapp.com"]);
    let response = send(get_from("/app/account", "https://elsewhere.example")).await;
    assert!(acao(response.headers()).is_empty());
    // /app/account has no `.options(...)`: its preflight is the layer's.
    let response = send(preflight("/app/account", "https://myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["access-control-max-age"], "300");
}
