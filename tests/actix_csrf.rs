//! Cross-origin request protection (`csrf = true`) on actix-web: the same
//! core decision as on axum, in the leading extractor (before any other
//! extractor or the handler runs) and in a named policy's middleware (on
//! the way in). Calls are counted per handler.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::StatusCode;
use actix_web::{App, test, web};
use handler_cors::{cors, policy, resource};

/// One counter per handler: tests run in parallel.
static PROTECTED_RUNS: AtomicUsize = AtomicUsize::new(0);
static SHIELDED_RUNS: AtomicUsize = AtomicUsize::new(0);
static PLAIN_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://myapp.com"], methods = [GET, POST], credentials, csrf)]
async fn protected(body: String) -> String {
    PROTECTED_RUNS.fetch_add(1, Ordering::SeqCst);
    body
}

/// The same policy, for the refusal test's own counter.
#[cors(origins = ["https://myapp.com"], methods = [GET, POST], credentials, csrf)]
async fn shielded(body: String) -> String {
    SHIELDED_RUNS.fetch_add(1, Ordering::SeqCst);
    body
}

/// For the safe-method test: no counter another test could move.
#[cors(origins = ["https://myapp.com"], methods = [GET], csrf)]
async fn readable() -> &'static str {
    "read"
}

policy!(
    GUARDED,
    origins = ["https://myapp.com"],
    methods = [GET, POST],
    csrf
);

async fn plain() -> &'static str {
    PLAIN_RUNS.fetch_add(1, Ordering::SeqCst);
    "plain"
}

/// A POST as a browser sends it from `origin` to `api.myapp.com`.
fn post(path: &str, origin: &str, site: &str) -> test::TestRequest {
    test::TestRequest::post()
        .uri(path)
        .insert_header(("host", "api.myapp.com"))
        .insert_header(("origin", origin))
        .insert_header(("sec-fetch-site", site))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload("title=hello")
}

async fn status_of(request: test::TestRequest) -> StatusCode {
    let app = test::init_service(
        App::new()
            .service(resource!("/protected", get(protected).post(protected)))
            .service(resource!("/shielded", post(shielded)))
            .service(resource!("/readable", get(readable)))
            .service(
                web::scope("/guarded")
                    .wrap(GUARDED.middleware())
                    .route("/plain", web::post().to(plain))
                    .route("/plain", web::get().to(plain)),
            ),
    )
    .await;
    test::call_service(&app, request.to_request())
        .await
        .status()
}

#[actix_web::test]
async fn a_cross_site_post_from_a_refused_origin_never_reaches_the_handler() {
    for site in ["cross-site", "same-site"] {
        let status = status_of(post("/shielded", "https://evil.example", site)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{site}");
    }
    assert_eq!(SHIELDED_RUNS.load(Ordering::SeqCst), 0);
}

#[actix_web::test]
async fn allowed_same_origin_and_curl_requests_reach_the_handler() {
    let before = PROTECTED_RUNS.load(Ordering::SeqCst);
    let allowed = status_of(post("/protected", "https://myapp.com", "cross-site")).await;
    assert_eq!(allowed, StatusCode::OK);
    let same = status_of(post("/protected", "https://api.myapp.com", "same-origin")).await;
    assert_eq!(same, StatusCode::OK);
    let curl = test::TestRequest::post()
        .uri("/protected")
        .set_payload("title=hello");
    assert_eq!(status_of(curl).await, StatusCode::OK);
    // Without Sec-Fetch-Site, an Origin other than Host that the policy refuses.
    let old_browser = test::TestRequest::post()
        .uri("/protected")
        .insert_header(("host", "api.myapp.com"))
        .insert_header(("origin", "https://evil.example"))
        .set_payload("x");
    assert_eq!(status_of(old_browser).await, StatusCode::FORBIDDEN);
    assert_eq!(PROTECTED_RUNS.load(Ordering::SeqCst), before + 3);
}

#[actix_web::test]
async fn safe_methods_are_never_refused() {
    let request = test::TestRequest::get()
        .uri("/readable")
        .insert_header(("host", "api.myapp.com"))
        .insert_header(("origin", "https://evil.example"))
        .insert_header(("sec-fetch-site", "cross-site"));
    assert_eq!(status_of(request).await, StatusCode::OK);
}

#[actix_web::test]
async fn a_csrf_middleware_refuses_before_the_scope_runs() {
    let before = PLAIN_RUNS.load(Ordering::SeqCst);
    let refused = status_of(post("/guarded/plain", "https://evil.example", "cross-site")).await;
    assert_eq!(refused, StatusCode::FORBIDDEN);
    assert_eq!(PLAIN_RUNS.load(Ordering::SeqCst), before);
    let allowed = status_of(post("/guarded/plain", "https://myapp.com", "cross-site")).await;
    assert_eq!(allowed, StatusCode::OK);
    assert_eq!(PLAIN_RUNS.load(Ordering::SeqCst), before + 1);
}
