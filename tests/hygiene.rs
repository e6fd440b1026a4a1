//! The attribute where users put it: two `#[cors]` blocks for one view,
//! handlers declared inside a function body (as tests do) naming a policy
//! or a predicate declared there too, and `crate = path` for a re-exported
//! handler-cors.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use handler_cors::{cors, route};
use tower::ServiceExt;

mod reexported {
    /// A crate that re-exports handler-cors under its own name.
    pub use handler_cors as web_cors;
}

struct Posts;

#[cors(origins = any, methods = [GET])]
impl Posts {
    async fn list() -> &'static str {
        "list"
    }
}

#[cors(origins = ["https://admin.myapp.com"], methods = [POST], credentials)]
impl Posts {
    async fn create() -> &'static str {
        "created"
    }
}

#[reexported::web_cors::cors(crate = reexported::web_cors, origins = ["https://myapp.com"], methods = [GET])]
async fn through_reexport() -> &'static str {
    "renamed"
}

reexported::web_cors::policy!(pub RENAMED, crate = reexported::web_cors, origins = ["https://renamed.example"]);

async fn send(app: Router, request: Request<Body>) -> Response {
    let response = app.oneshot(request).await.unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn get_from(path: &str, origin: &str) -> Request<Body> {
    Request::get(path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

fn acao(response: &Response) -> Option<&str> {
    response
        .headers()
        .get("access-control-allow-origin")
        .map(|value| value.to_str().unwrap())
}

#[tokio::test]
async fn two_cors_blocks_for_one_type_keep_their_policies() {
    let app = Router::new().route("/posts", route!(get(Posts::list).post(Posts::create)));
    let response = send(app.clone(), get_from("/posts", "https://anyone.example")).await;
    assert_eq!(acao(&response), Some("*"));
    let request = Request::post("/posts")
        .header("origin", "https://admin.myapp.com")
        .body(Body::empty())
        .unwrap();
    let response = send(app.clone(), request).await;
    assert_eq!(acao(&response), Some("https://admin.myapp.com"));
    let request = Request::post("/posts")
        .header("origin", "https://anyone.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(acao(&send(app, request).await), None);
    assert!(Posts::LIST_POLICY.allows_any_origin());
    assert!(Posts::CREATE_POLICY.credentials());
}

#[tokio::test]
async fn handlers_declared_in_a_function_body_see_its_items() {
    fn is_tenant(origin: &str) -> bool {
        origin.ends_with(".tenant.example") && origin.starts_with("https://")
    }
    handler_cors::policy!(LOCAL, origins = ["https://local.example"], methods = [GET]);

    #[cors(origins = [with(is_tenant)], methods = [GET])]
    async fn tenant_feed() -> &'static str {
        "tenants"
    }

    #[cors(policy = LOCAL)]
    async fn local_feed() -> &'static str {
        "local"
    }

    let app = Router::new()
        .route("/tenants", route!(get(tenant_feed)))
        .route("/local", route!(get(local_feed)));
    let response = send(
        app.clone(),
        get_from("/tenants", "https://acme.tenant.example"),
    )
    .await;
    assert_eq!(acao(&response), Some("https://acme.tenant.example"));
    let response = send(app.clone(), get_from("/tenants", "https://evil.example")).await;
    assert_eq!(acao(&response), None);
    let response = send(app.clone(), get_from("/local", "https://local.example")).await;
    assert_eq!(acao(&response), Some("https://local.example"));
    let response = send(app, get_from("/local", "https://tenant.example")).await;
    assert_eq!(acao(&response), None);
    assert!(std::ptr::eq(local_feed::POLICY, LOCAL.policy()));
}

#[tokio::test]
async fn crate_path_names_a_re_exported_handler_cors() {
    let app = Router::new().route(
        "/renamed",
        reexported::web_cors::route!(crate = reexported::web_cors; get(through_reexport)),
    );
    let response = send(app.clone(), get_from("/renamed", "https://myapp.com")).await;
    assert_eq!(acao(&response), Some("https://myapp.com"));
    let response = send(app, get_from("/renamed", "https://evil.example")).await;
    assert_eq!(acao(&response), None);
    assert!(RENAMED.policy().allows_origin("https://renamed.example"));
}
