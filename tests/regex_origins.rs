//! `regex(...)` entries at run time, through a real axum `Router`: each
//! pattern is matched on its own, so two `(?x)` patterns that end in
//! comments each keep their meaning (joined into one alternation, the first
//! comment used to swallow the second pattern and the anchor); and the
//! preflight `Vary` of a policy with `private_network` names the header its
//! answer depends on.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use handler_cors::cors;
use tower::ServiceExt;

const ACAO: &str = "access-control-allow-origin";

/// Two extended patterns, each with its own comment and flags, and a plain
/// one after them that the comments must not swallow.
#[cors(
    origins = [
        regex(r"(?x) ^https:// [a-z0-9-]+ \.preview\.myapp\.com $  # preview deployments"),
        regex(r"(?xi) ^https:// (www\.)? myapp\.com (:\d+)? $  # the site, any port"),
        regex(r"^https://[a-z]+\.third\.com$"),
    ],
    methods = [GET],
    credentials = true,
)]
async fn commented() -> &'static str {
    "commented"
}

/// Private network access granted: the answer depends on
/// `Access-Control-Request-Private-Network`.
#[cors(origins = ["https://myapp.com"], methods = [GET], private_network = true)]
async fn device() -> &'static str {
    "device"
}

/// The same without `private_network`.
#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn plain() -> &'static str {
    "plain"
}

fn app() -> Router {
    Router::new()
        .route("/commented", get(commented).options(commented::preflight))
        .route("/device", get(device).options(device::preflight))
        .route("/plain", get(plain).options(plain::preflight))
        .route("/routed", handler_cors::route!(get(device).post(plain)))
}

async fn send(method: Method, path: &str, origin: &str, private_network: bool) -> Response {
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header("origin", origin);
    if method == Method::OPTIONS {
        request = request.header("access-control-request-method", "GET");
    }
    if private_network {
        request = request.header("access-control-request-private-network", "true");
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
}

async fn allows(path: &str, origin: &str) -> bool {
    let actual = send(Method::GET, path, origin, false).await;
    let preflight = send(Method::OPTIONS, path, origin, false).await;
    let actual_allowed = actual.headers().get(ACAO).is_some_and(|v| v == origin);
    let preflight_allowed = preflight.status() == StatusCode::NO_CONTENT
        && preflight.headers().get(ACAO).is_some_and(|v| v == origin);
    assert_eq!(actual_allowed, preflight_allowed, "{path} {origin}");
    actual_allowed
}

#[tokio::test]
async fn each_commented_pattern_keeps_its_meaning() {
    for origin in [
        // The first pattern, whose comment once swallowed the rest.
        "https://pr-12.preview.myapp.com",
        "https://x.preview.myapp.com",
        // The second, with its own `i` flag and optional port.
        "https://myapp.com",
        "https://www.myapp.com",
        "https://myapp.com:8443",
        // The third, after two comments.
        "https://x.third.com",
    ] {
        assert!(allows("/commented", origin).await, "{origin} refused");
    }
    for origin in [
        // Each pattern stays anchored at both ends.
        "https://x.preview.myapp.com.evil.com",
        "https://evil.com/https://x.preview.myapp.com",
        "https://myapp.com.evil.com",
        "https://evilmyapp.com",
        "https://x.third.com.evil.com",
        "https://x1.third.com",
        // Only https.
        "http://x.preview.myapp.com",
        "http://myapp.com",
        "https://x.other.com",
    ] {
        assert!(!allows("/commented", origin).await, "{origin} allowed");
    }
}

#[tokio::test]
async fn preflight_vary_names_private_network_when_the_policy_grants_it() {
    let with_pn = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
    let without = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    for (origin, private_network, status) in [
        ("https://myapp.com", true, StatusCode::NO_CONTENT),
        ("https://myapp.com", false, StatusCode::NO_CONTENT),
        ("https://evil.example", true, StatusCode::FORBIDDEN),
    ] {
        let response = send(Method::OPTIONS, "/device", origin, private_network).await;
        assert_eq!(response.status(), status, "{origin} {private_network}");
        assert_eq!(
            response.headers()[header::VARY],
            with_pn,
            "{origin} {private_network}"
        );
        assert_eq!(
            response
                .headers()
                .get("access-control-allow-private-network")
                .is_some(),
            private_network && status == StatusCode::NO_CONTENT
        );
    }
    let plain = send(Method::OPTIONS, "/plain", "https://myapp.com", false).await;
    assert_eq!(plain.headers()[header::VARY], without);
    // Asked for private network access it does not grant: refused, and the
    // refusal varies on the same headers as the grant would.
    let refused = send(Method::OPTIONS, "/plain", "https://myapp.com", true).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(refused.headers()[header::VARY], without);
    // Under `route!`, a preflight for a method no routed handler serves is
    // refused with the `Vary` of the routed policies, one of which grants
    // private network access.
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/routed")
        .header("origin", "https://myapp.com")
        .header("access-control-request-method", "DELETE")
        .body(Body::empty())
        .unwrap();
    let unrouted = app().oneshot(request).await.unwrap();
    assert_eq!(unrouted.status(), StatusCode::FORBIDDEN);
    assert_eq!(unrouted.headers()[header::VARY], with_pn);
}
