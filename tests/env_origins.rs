//! Origins decided at run time: `env(...)` lists (set for these tests in
//! `.cargo/config.toml`) and `with(...)` predicates, through a real Router.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use handler_cors::{ProblemKind, check_environment, cors};
use tower::ServiceExt;

#[cors(origins = [env("HANDLER_CORS_TEST_GOOD")], methods = [GET, POST])]
async fn good() -> &'static str {
    "good"
}

#[cors(origins = ["https://literal.example", env("HANDLER_CORS_TEST_BAD")])]
async fn bad() -> &'static str {
    "bad"
}

#[cors(origins = [env("HANDLER_CORS_TEST_HTTP")], credentials)]
async fn insecure_with_credentials() -> &'static str {
    "http"
}

#[cors(origins = [env("HANDLER_CORS_TEST_HTTP")])]
async fn insecure_without_credentials() -> &'static str {
    "http"
}

#[cors(origins = [env("HANDLER_CORS_TEST_UNSET", default = ["http://localhost:3000", "https://*.dev.example"])])]
async fn defaulted() -> &'static str {
    "default"
}

#[cors(origins = [env("HANDLER_CORS_TEST_UNSET")])]
async fn unset_no_default() -> &'static str {
    "unset"
}

#[cors(origins = [env("HANDLER_CORS_TEST_EMPTY")])]
async fn empty() -> &'static str {
    "empty"
}

#[cors(origins = [env("HANDLER_CORS_TEST_DUPLICATE")])]
async fn duplicate() -> &'static str {
    "duplicate"
}

static SEEN_BY_PREDICATE: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn is_tenant(origin: &str) -> bool {
    SEEN_BY_PREDICATE.lock().unwrap().push(origin.to_owned());
    origin.ends_with(".tenant.example") || origin == "https://tenant.example"
}

static ASYNC_CALLS: AtomicUsize = AtomicUsize::new(0);

async fn tenant_in_database(origin: &str) -> bool {
    ASYNC_CALLS.fetch_add(1, Ordering::SeqCst);
    tokio::task::yield_now().await;
    origin == "https://from-db.example"
}

#[cors(origins = ["https://static.example", with(is_tenant)], methods = [GET, PUT], credentials)]
async fn predicate() -> &'static str {
    "predicate"
}

#[cors(origins = ["https://static.example", with(async tenant_in_database)], methods = [GET, PUT])]
async fn async_predicate() -> &'static str {
    "async"
}

fn app() -> Router {
    Router::new()
        .route("/good", handler_cors::route!(get(good).post(good)))
        .route("/bad", get(bad))
        .route("/http-cred", get(insecure_with_credentials))
        .route("/http", get(insecure_without_credentials))
        .route("/defaulted", get(defaulted))
        .route("/unset", get(unset_no_default))
        .route("/empty", get(empty))
        .route("/duplicate", get(duplicate))
        .route(
            "/predicate",
            handler_cors::route!(get(predicate).put(predicate)),
        )
        .route(
            "/async",
            handler_cors::route!(get(async_predicate).put(async_predicate)),
        )
}

async fn send(request: Request<Body>) -> Response {
    let response = app().oneshot(request).await.unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
}

async fn allowed(path: &str, origin: &str) -> Option<String> {
    let request = Request::get(path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap();
    send(request)
        .await
        .headers()
        .get("access-control-allow-origin")
        .map(|value| value.to_str().unwrap().to_owned())
}

async fn preflight(path: &str, origin: &str, method: &str) -> StatusCode {
    let request = Request::options(path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .body(Body::empty())
        .unwrap();
    send(request).await.status()
}

#[tokio::test]
async fn a_valid_variable_is_read_with_spaces_and_stray_commas() {
    assert_eq!(
        allowed("/good", "https://a.example").await.as_deref(),
        Some("https://a.example")
    );
    assert_eq!(
        allowed("/good", "https://x.y.b.example").await.as_deref(),
        Some("https://x.y.b.example")
    );
    assert_eq!(allowed("/good", "https://b.example").await, None);
    assert_eq!(allowed("/good", "https://a.example.evil.com").await, None);
    assert_eq!(
        preflight("/good", "https://a.example", "POST").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        preflight("/good", "https://evil.example", "POST").await,
        StatusCode::FORBIDDEN
    );
    assert!(good::POLICY.env_problems().is_empty());
}

#[tokio::test]
async fn an_invalid_variable_fails_closed_but_literals_still_work() {
    assert_eq!(
        allowed("/bad", "https://ok.example").await,
        None,
        "fails closed"
    );
    assert_eq!(
        allowed("/bad", "https://literal.example").await.as_deref(),
        Some("https://literal.example")
    );
    let problems = bad::POLICY.env_problems();
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.problem.kind()).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::NonCanonicalOrigin,
            ProblemKind::NullOrigin,
            ProblemKind::WildcardTooBroad
        ]
    );
    assert!(
        problems
            .iter()
            .all(|p| p.var == "HANDLER_CORS_TEST_BAD" && p.handler == "bad")
    );
    assert_eq!(problems[0].problem.value(), "https://bad.example/");
}

#[tokio::test]
async fn credentials_rules_apply_to_variables() {
    assert_eq!(allowed("/http-cred", "https://fine.example").await, None);
    let problems = insecure_with_credentials::POLICY.env_problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].problem.kind(),
        ProblemKind::InsecureOriginWithCredentials
    );
    assert_eq!(problems[0].problem.value(), "http://insecure.example");
    // The same variable is fine for a policy without credentials.
    assert_eq!(
        allowed("/http", "http://insecure.example").await.as_deref(),
        Some("http://insecure.example")
    );
    assert!(
        insecure_without_credentials::POLICY
            .env_problems()
            .is_empty()
    );
}

#[tokio::test]
async fn unset_variables_use_the_default_or_allow_nothing() {
    assert_eq!(
        allowed("/defaulted", "http://localhost:3000")
            .await
            .as_deref(),
        Some("http://localhost:3000")
    );
    assert_eq!(
        allowed("/defaulted", "https://pr-1.dev.example")
            .await
            .as_deref(),
        Some("https://pr-1.dev.example")
    );
    assert_eq!(allowed("/defaulted", "http://localhost:3001").await, None);
    assert_eq!(allowed("/unset", "http://localhost:3000").await, None);
    assert!(defaulted::POLICY.env_problems().is_empty());
    assert!(unset_no_default::POLICY.env_problems().is_empty());
}

#[tokio::test]
async fn empty_and_duplicate_lists_are_problems() {
    assert_eq!(allowed("/empty", "https://a.example").await, None);
    assert_eq!(
        empty::POLICY.env_problems()[0].problem.kind(),
        ProblemKind::EmptyList
    );
    assert_eq!(allowed("/duplicate", "https://a.example").await, None);
    assert_eq!(
        duplicate::POLICY.env_problems()[0].problem.kind(),
        ProblemKind::Duplicate
    );
}

#[test]
fn the_startup_check_reports_every_problem_of_every_policy() {
    let report = check_environment().unwrap_err();
    let mut seen: Vec<(&str, &str)> = report.problems.iter().map(|p| (p.handler, p.var)).collect();
    seen.dedup();
    assert_eq!(
        seen,
        [
            ("bad", "HANDLER_CORS_TEST_BAD"),
            ("duplicate", "HANDLER_CORS_TEST_DUPLICATE"),
            ("empty", "HANDLER_CORS_TEST_EMPTY"),
            ("insecure_with_credentials", "HANDLER_CORS_TEST_HTTP"),
        ]
    );
    assert_eq!(report.problems.len(), 6);
    let text = report.to_string();
    assert!(
        text.starts_with("6 problem(s) in CORS origins read from the environment"),
        "{text}"
    );
    assert!(text.contains("- HANDLER_CORS_TEST_BAD (handler `bad`): origin \"https://bad.example/\" ends with a slash"), "{text}");
    assert!(
        text.contains("  help: write \"https://bad.example\""),
        "{text}"
    );
}

#[tokio::test]
async fn a_predicate_sees_only_well_formed_origins_and_its_answer_is_echoed() {
    assert_eq!(
        allowed("/predicate", "https://acme.tenant.example")
            .await
            .as_deref(),
        Some("https://acme.tenant.example")
    );
    assert_eq!(
        allowed("/predicate", "https://static.example")
            .await
            .as_deref(),
        Some("https://static.example")
    );
    assert_eq!(allowed("/predicate", "https://other.example").await, None);
    assert_eq!(
        allowed("/predicate", "https://ACME.tenant.example").await,
        None
    );
    assert_eq!(
        allowed("/predicate", "https://acme.tenant.example/").await,
        None
    );
    assert_eq!(
        preflight("/predicate", "https://tenant.example", "PUT").await,
        StatusCode::NO_CONTENT
    );
    let seen = SEEN_BY_PREDICATE.lock().unwrap().clone();
    assert!(seen.contains(&"https://other.example".to_owned()));
    assert!(
        !seen
            .iter()
            .any(|origin| origin.contains("ACME") || origin.ends_with('/')),
        "{seen:?}"
    );
    assert!(
        !seen.contains(&"https://static.example".to_owned()),
        "decided by the exact entry first"
    );
}

#[tokio::test]
async fn an_async_predicate_is_awaited_only_when_needed() {
    let before = ASYNC_CALLS.load(Ordering::SeqCst);
    assert_eq!(
        allowed("/async", "https://static.example").await.as_deref(),
        Some("https://static.example")
    );
    assert_eq!(allowed("/async", "not an origin").await, None);
    assert_eq!(
        ASYNC_CALLS.load(Ordering::SeqCst),
        before,
        "exact match and malformed origin: not awaited"
    );
    assert_eq!(
        allowed("/async", "https://from-db.example")
            .await
            .as_deref(),
        Some("https://from-db.example")
    );
    assert_eq!(allowed("/async", "https://not-in-db.example").await, None);
    assert_eq!(
        preflight("/async", "https://from-db.example", "PUT").await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        preflight("/async", "https://not-in-db.example", "PUT").await,
        StatusCode::FORBIDDEN
    );
    assert!(ASYNC_CALLS.load(Ordering::SeqCst) >= before + 4);
}
