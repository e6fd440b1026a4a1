//! `handler_cors::testing`: the seed's three Django CORS tests, each a few
//! lines against a router, and assertion messages that name the header at
//! fault.

use axum::Router;
use handler_cors::testing::{CorsAnswer, Probe};
use handler_cors::{cors, route};

#[cors(
    origins = ["https://myapp.com", "http://localhost:3000"],
    methods = [GET, POST],
    headers = ["content-type", "x-csrftoken"],
    credentials,
    csrf,
)]
async fn posts() -> &'static str {
    "[]"
}

fn app() -> Router {
    Router::new().route("/api/posts", route!(get(posts).post(posts)))
}

#[tokio::test]
async fn preflight_from_the_dev_server_is_allowed_with_the_right_methods() {
    Probe::preflight("/api/posts", "http://localhost:3000", "POST")
        .request_headers("content-type,x-csrftoken")
        .send(&app())
        .await
        .assert_status(204)
        .assert_allow_origin("http://localhost:3000")
        .assert_allow_methods(&["GET", "POST"])
        .assert_allow_headers(&["Content-Type", "X-CSRFToken"])
        .assert_allow_credentials();
}

#[tokio::test]
async fn an_actual_request_gets_its_origin_echoed() {
    Probe::get("/api/posts")
        .origin("http://localhost:3000")
        .send(&app())
        .await
        .assert_status(200)
        .assert_allow_origin("http://localhost:3000")
        .assert_vary("Origin");
}

#[tokio::test]
async fn another_site_gets_no_cors_headers() {
    Probe::get("/api/posts")
        .origin("http://malicious-site.com")
        .send(&app())
        .await
        .assert_no_cors_headers()
        .assert_vary("Origin");
}

#[tokio::test]
async fn another_site_cannot_post_a_form() {
    Probe::post("/api/posts")
        .origin("http://malicious-site.com")
        .cross_site()
        .form("title=spam")
        .send(&app())
        .await
        .assert_csrf_refused()
        .assert_no_cors_headers();
    Probe::post("/api/posts")
        .origin("http://localhost:3000")
        .cross_site()
        .form("title=mine")
        .send(&app())
        .await
        .assert_status(200)
        .assert_allow_origin("http://localhost:3000");
}

/// The panic message of an assertion that fails.
fn failure(assertion: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(assertion).expect_err("the assertion should fail");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

#[tokio::test]
async fn failures_name_the_wrong_header() {
    let refused: CorsAnswer = Probe::get("/api/posts")
        .origin("http://malicious-site.com")
        .send(&app())
        .await;
    let message = failure(|| {
        refused.assert_allow_origin("http://malicious-site.com");
    });
    assert!(
        message.starts_with("missing Access-Control-Allow-Origin"),
        "{message}"
    );

    let allowed = Probe::get("/api/posts")
        .origin("https://myapp.com")
        .send(&app())
        .await;
    let message = failure(|| {
        allowed.assert_allow_origin("http://localhost:3000");
    });
    assert!(
        message.contains("wrong Access-Control-Allow-Origin")
            && message.contains("found \"https://myapp.com\""),
        "{message}"
    );
    let message = failure(|| {
        allowed.assert_no_cors_headers();
    });
    assert!(
        message.contains("access-control-allow-origin: https://myapp.com"),
        "{message}"
    );

    let preflight = Probe::preflight("/api/posts", "https://myapp.com", "POST")
        .send(&app())
        .await;
    let message = failure(|| {
        preflight.assert_allow_methods(&["DELETE"]);
    });
    assert!(
        message.starts_with("Access-Control-Allow-Methods does not list [\"DELETE\"]"),
        "{message}"
    );
    let message = failure(|| {
        preflight.assert_allow_headers(&["authorization"]);
    });
    assert!(
        message.starts_with("missing Access-Control-Allow-Headers"),
        "{message}"
    );
}
