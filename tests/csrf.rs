//! Cross-origin request protection (`csrf = true`), through a real axum
//! `Router`: unsafe requests a browser sent from an origin the policy does
//! not allow are refused with `403` before any extractor or the handler
//! runs; everything else reaches the handler. Each handler counts its own
//! calls (tests run in parallel, so no two tests share a handler).

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::routing::post;
use axum::{Form, Router};
use handler_cors::testing::Probe;
use handler_cors::{cors, policy, route};
use tower::ServiceExt;

const HOST: &str = "api.myapp.com";
const FORM: &str = "application/x-www-form-urlencoded";
const TEXT: &str = "text/plain;charset=UTF-8";

/// What a test sees of a response.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A `403` from the protection: short plain text saying why, and no
    /// CORS permission.
    fn assert_refused(&self, what: &str) {
        assert_eq!(self.status, StatusCode::FORBIDDEN, "{what}: {}", self.body);
        assert!(
            self.body
                .starts_with("Forbidden: cross-origin request refused."),
            "{what}: body {:?}",
            self.body
        );
        assert_eq!(
            self.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "{what}"
        );
        assert_eq!(self.header("access-control-allow-origin"), None, "{what}");
        assert_eq!(self.header("vary"), Some("Origin"), "{what}");
    }

    fn assert_served(&self, what: &str) {
        assert_eq!(self.status, StatusCode::OK, "{what}: {}", self.body);
    }
}

/// A browser request: `origin` and `Sec-Fetch-Site` (`None` for an older
/// browser that does not send it), to `Host: api.myapp.com`.
fn browser(
    method: Method,
    path: &str,
    origin: Option<&str>,
    site: Option<&str>,
    content_type: &str,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
        .header("content-type", content_type);
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    if let Some(site) = site {
        builder = builder.header("sec-fetch-site", site);
    }
    builder.body(Body::from("title=hello")).unwrap()
}

/// A cross-site form POST from `origin`, as a modern browser sends it.
fn cross_site_form(path: &str, origin: &str) -> Request<Body> {
    browser(Method::POST, path, Some(origin), Some("cross-site"), FORM)
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Refused requests never reach extractors or the handler.

static REFUSED_EXTRACTOR: AtomicUsize = AtomicUsize::new(0);
static REFUSED_RUNS: AtomicUsize = AtomicUsize::new(0);

/// An extractor that counts how often it runs.
struct Counted;

impl<S: Send + Sync> FromRequestParts<S> for Counted {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        REFUSED_EXTRACTOR.fetch_add(1, Ordering::SeqCst);
        Ok(Counted)
    }
}

#[derive(serde::Deserialize)]
struct Comment {
    #[allow(dead_code)]
    title: String,
}

#[cors(origins = ["https://myapp.com"], methods = [POST], csrf)]
async fn refused_comment(_counted: Counted, Form(_comment): Form<Comment>) -> &'static str {
    REFUSED_RUNS.fetch_add(1, Ordering::SeqCst);
    "created"
}

#[tokio::test]
async fn form_and_text_posts_from_refused_origins_never_reach_the_handler() {
    let app = Router::new().route("/comments", route!(post(refused_comment)));
    let cases = [
        (
            "a cross-site form",
            cross_site_form("/comments", "https://evil.example"),
        ),
        (
            "a cross-site text/plain fetch",
            browser(
                Method::POST,
                "/comments",
                Some("https://evil.example"),
                Some("cross-site"),
                TEXT,
            ),
        ),
        (
            "a same-site form from a sibling subdomain the policy does not list",
            browser(
                Method::POST,
                "/comments",
                Some("https://blog.myapp.com"),
                Some("same-site"),
                FORM,
            ),
        ),
        (
            "an older browser: Origin differs from Host",
            browser(
                Method::POST,
                "/comments",
                Some("https://evil.example"),
                None,
                FORM,
            ),
        ),
        (
            "an older browser: the opaque origin null",
            browser(Method::POST, "/comments", Some("null"), None, FORM),
        ),
        (
            "Sec-Fetch-Site cross-site without Origin",
            browser(Method::POST, "/comments", None, Some("cross-site"), FORM),
        ),
        (
            "a DELETE from a refused origin",
            browser(
                Method::DELETE,
                "/comments",
                Some("https://evil.example"),
                Some("cross-site"),
                TEXT,
            ),
        ),
        (
            "a look-alike of the allowed origin",
            cross_site_form("/comments", "https://myapp.com.evil.example"),
        ),
    ];
    for (what, request) in cases {
        let is_delete = request.method() == Method::DELETE;
        let answer = send(&app, request).await;
        if is_delete {
            // No handler serves DELETE: axum's 405, the protection never mattered.
            assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{what}");
            continue;
        }
        answer.assert_refused(what);
    }
    assert_eq!(
        REFUSED_EXTRACTOR.load(Ordering::SeqCst),
        0,
        "an extractor ran"
    );
    assert_eq!(REFUSED_RUNS.load(Ordering::SeqCst), 0, "the handler ran");
}

// ---------------------------------------------------------------------------
// Allowed origins, same-origin pages and non-browser clients get through.

static ALLOWED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://myapp.com"], methods = [POST], csrf)]
async fn allowed_comment(Form(_comment): Form<Comment>) -> &'static str {
    ALLOWED_RUNS.fetch_add(1, Ordering::SeqCst);
    "created"
}

#[tokio::test]
async fn allowed_origins_same_origin_pages_and_curl_reach_the_handler() {
    let app = Router::new().route("/comments", route!(post(allowed_comment)));
    let allowed = send(&app, cross_site_form("/comments", "https://myapp.com")).await;
    allowed.assert_served("the policy's own origin, cross-site");
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://myapp.com")
    );
    assert_eq!(allowed.body, "created");

    let cases = [
        (
            "a same-origin page",
            browser(
                Method::POST,
                "/comments",
                Some("https://api.myapp.com"),
                Some("same-origin"),
                FORM,
            ),
        ),
        (
            "a navigation the user started (Sec-Fetch-Site: none)",
            browser(Method::POST, "/comments", None, Some("none"), FORM),
        ),
        (
            "an older browser on the same origin (Origin matches Host)",
            browser(
                Method::POST,
                "/comments",
                Some("https://api.myapp.com"),
                None,
                FORM,
            ),
        ),
        (
            "an older browser, allowed origin",
            browser(
                Method::POST,
                "/comments",
                Some("https://myapp.com"),
                None,
                FORM,
            ),
        ),
        (
            "curl: neither header",
            browser(Method::POST, "/comments", None, None, FORM),
        ),
    ];
    for (what, request) in cases {
        send(&app, request).await.assert_served(what);
    }
    // Same-origin with an Origin the CORS policy refuses: no CORS headers,
    // but not refused by the protection either.
    let same_origin = send(
        &app,
        browser(
            Method::POST,
            "/comments",
            Some("https://api.myapp.com"),
            Some("same-origin"),
            FORM,
        ),
    )
    .await;
    same_origin.assert_served("same-origin again");
    assert_eq!(same_origin.header("access-control-allow-origin"), None);
    assert_eq!(ALLOWED_RUNS.load(Ordering::SeqCst), 7);
}

// ---------------------------------------------------------------------------
// Safe methods are never refused.

static SAFE_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://myapp.com"], methods = [GET, POST], csrf)]
async fn safe_feed() -> &'static str {
    SAFE_RUNS.fetch_add(1, Ordering::SeqCst);
    "feed"
}

#[tokio::test]
async fn safe_methods_are_never_refused() {
    let app = Router::new().route("/feed", route!(get(safe_feed).post(safe_feed)));
    for method in [Method::GET, Method::HEAD] {
        let answer = send(
            &app,
            browser(
                method.clone(),
                "/feed",
                Some("https://evil.example"),
                Some("cross-site"),
                TEXT,
            ),
        )
        .await;
        answer.assert_served(method.as_str());
        assert_eq!(answer.header("access-control-allow-origin"), None);
    }
    // A preflight is an OPTIONS: CORS refuses it, not the protection.
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/feed")
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, preflight).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.is_empty(), "a preflight refusal has no body");
    assert_eq!(SAFE_RUNS.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------------------
// Without the key nothing changes.

static UNPROTECTED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://myapp.com"], methods = [POST])]
async fn unprotected() -> &'static str {
    UNPROTECTED_RUNS.fetch_add(1, Ordering::SeqCst);
    "ran"
}

#[tokio::test]
async fn without_csrf_a_cross_site_form_still_runs_the_handler() {
    let app = Router::new().route("/x", route!(post(unprotected)));
    let answer = send(&app, cross_site_form("/x", "https://evil.example")).await;
    answer.assert_served("no csrf key");
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert_eq!(UNPROTECTED_RUNS.load(Ordering::SeqCst), 1);
    assert!(!unprotected::POLICY.csrf());
}

// ---------------------------------------------------------------------------
// Every origin entry kind is trusted as CORS trusts it; credentials too.

fn is_tenant(origin: &str) -> bool {
    origin == "https://tenant.example"
}

async fn is_db_tenant(origin: &str) -> bool {
    origin == "https://db-tenant.example"
}

#[cors(origins = ["https://*.myapp.com"], methods = [POST], csrf)]
async fn by_wildcard() -> &'static str {
    "ok"
}

#[cors(origins = ["http://localhost:*"], methods = [POST], csrf)]
async fn by_port_wildcard() -> &'static str {
    "ok"
}

#[cors(origins = [regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")], methods = [POST], csrf)]
async fn by_regex() -> &'static str {
    "ok"
}

#[cors(
    origins = [env("HANDLER_CORS_CSRF_TEST_NEVER_SET", default = ["https://env.myapp.com"])],
    methods = [POST],
    csrf
)]
async fn by_env() -> &'static str {
    "ok"
}

#[cors(origins = [with(is_tenant)], methods = [POST], csrf)]
async fn by_predicate() -> &'static str {
    "ok"
}

#[cors(origins = [with(async is_db_tenant)], methods = [POST], csrf)]
async fn by_async_predicate() -> &'static str {
    "ok"
}

#[cors(origins = ["https://myapp.com"], methods = [POST], credentials, csrf)]
async fn with_credentials() -> &'static str {
    "ok"
}

#[tokio::test]
async fn every_origin_entry_kind_decides_the_protection() {
    let app = Router::new()
        .route("/wildcard", route!(post(by_wildcard)))
        .route("/port", route!(post(by_port_wildcard)))
        .route("/regex", route!(post(by_regex)))
        .route("/env", route!(post(by_env)))
        .route("/with", route!(post(by_predicate)))
        .route("/async", route!(post(by_async_predicate)))
        .route("/credentials", route!(post(with_credentials)));
    let cases = [
        ("/wildcard", "https://blog.myapp.com", "https://myapp.com"),
        (
            "/wildcard",
            "https://a.b.myapp.com",
            "https://evilmyapp.com",
        ),
        ("/port", "http://localhost:5173", "http://127.0.0.1:5173"),
        (
            "/regex",
            "https://pr-12.preview.myapp.com",
            "https://preview.myapp.com",
        ),
        ("/env", "https://env.myapp.com", "https://myapp.com"),
        ("/with", "https://tenant.example", "https://other.example"),
        (
            "/async",
            "https://db-tenant.example",
            "https://tenant.example",
        ),
        ("/credentials", "https://myapp.com", "https://evil.example"),
    ];
    for (path, allowed, refused) in cases {
        let answer = send(&app, cross_site_form(path, allowed)).await;
        answer.assert_served(&format!("{path} from {allowed}"));
        assert_eq!(
            answer.header("access-control-allow-origin"),
            Some(allowed),
            "{path}"
        );
        send(&app, cross_site_form(path, refused))
            .await
            .assert_refused(&format!("{path} from {refused}"));
        // An older browser is judged by the same list.
        let old = browser(Method::POST, path, Some(refused), None, FORM);
        send(&app, old)
            .await
            .assert_refused(&format!("{path}, old browser, {refused}"));
    }
    let credentialed = send(&app, cross_site_form("/credentials", "https://myapp.com")).await;
    assert_eq!(
        credentialed.header("access-control-allow-credentials"),
        Some("true")
    );
}

// ---------------------------------------------------------------------------
// Views and named policies.

static VIEW_RUNS: AtomicUsize = AtomicUsize::new(0);

struct CommentsView;

#[cors(origins = ["https://myapp.com"], methods = [GET, POST], csrf)]
impl CommentsView {
    async fn create(body: String) -> String {
        VIEW_RUNS.fetch_add(1, Ordering::SeqCst);
        body
    }

    #[cors(origins = ["https://myapp.com"], methods = [POST])]
    async fn unprotected(body: String) -> String {
        VIEW_RUNS.fetch_add(1, Ordering::SeqCst);
        body
    }
}

policy!(pub PROTECTED, origins = ["https://myapp.com"], methods = [POST], csrf);

static NAMED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(policy = PROTECTED)]
async fn by_name() -> &'static str {
    NAMED_RUNS.fetch_add(1, Ordering::SeqCst);
    "ok"
}

#[tokio::test]
async fn views_and_named_policies_carry_the_key() {
    let app = Router::new()
        .route("/view", route!(post(CommentsView::create)))
        .route("/view/open", route!(post(CommentsView::unprotected)))
        .route("/named", route!(post(by_name)));
    send(&app, cross_site_form("/view", "https://evil.example"))
        .await
        .assert_refused("the block's policy");
    send(&app, cross_site_form("/view", "https://myapp.com"))
        .await
        .assert_served("the block's policy, allowed origin");
    // A function's own attribute replaces the block's, csrf included.
    send(&app, cross_site_form("/view/open", "https://evil.example"))
        .await
        .assert_served("the function's own policy has no csrf");
    assert_eq!(VIEW_RUNS.load(Ordering::SeqCst), 2);

    send(&app, cross_site_form("/named", "https://evil.example"))
        .await
        .assert_refused("a named policy");
    send(&app, cross_site_form("/named", "https://myapp.com"))
        .await
        .assert_served("a named policy, allowed origin");
    assert_eq!(NAMED_RUNS.load(Ordering::SeqCst), 1);
    assert!(PROTECTED.policy().csrf());
    assert!(CommentsView::CREATE_POLICY.csrf());
    assert!(!CommentsView::UNPROTECTED_POLICY.csrf());
}

// ---------------------------------------------------------------------------
// Under a layer: refused on the way in, before the inner service runs.

policy!(pub LAYER_CSRF, origins = ["https://myapp.com"], methods = [GET, POST], csrf);
policy!(pub LAYER_OPEN, origins = ["https://myapp.com"], methods = [GET, POST]);

static PLAIN_RUNS: AtomicUsize = AtomicUsize::new(0);
static WIDER_RUNS: AtomicUsize = AtomicUsize::new(0);
static INNER_CSRF_RUNS: AtomicUsize = AtomicUsize::new(0);

async fn plain(body: String) -> String {
    PLAIN_RUNS.fetch_add(1, Ordering::SeqCst);
    body
}

/// Allows a partner the layer does not list, without csrf of its own.
#[cors(origins = ["https://myapp.com", "https://partner.example"], methods = [POST])]
async fn wider() -> &'static str {
    WIDER_RUNS.fetch_add(1, Ordering::SeqCst);
    "ok"
}

/// Its own csrf, under a layer without it.
#[cors(origins = ["https://myapp.com"], methods = [POST], csrf)]
async fn inner_csrf() -> &'static str {
    INNER_CSRF_RUNS.fetch_add(1, Ordering::SeqCst);
    "ok"
}

#[tokio::test]
async fn a_layer_refuses_before_the_inner_service_runs() {
    let app = Router::new()
        .route("/plain", post(plain))
        .route("/wider", route!(post(wider)))
        .layer(LAYER_CSRF.layer());
    send(&app, cross_site_form("/plain", "https://evil.example"))
        .await
        .assert_refused("a plain handler under the layer");
    let allowed = send(&app, cross_site_form("/plain", "https://myapp.com")).await;
    allowed.assert_served("a plain handler, allowed origin");
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://myapp.com")
    );
    send(&app, browser(Method::POST, "/plain", None, None, TEXT))
        .await
        .assert_served("curl under the layer");
    send(
        &app,
        browser(
            Method::GET,
            "/plain",
            Some("https://evil.example"),
            Some("cross-site"),
            TEXT,
        ),
    )
    .await;
    assert_eq!(PLAIN_RUNS.load(Ordering::SeqCst), 2);

    // The layer's protection is a floor: a handler's own wider policy
    // still decides its CORS headers, but cannot let in an origin the
    // layer's protection refuses.
    send(&app, cross_site_form("/wider", "https://partner.example"))
        .await
        .assert_refused("the layer's floor");
    assert_eq!(WIDER_RUNS.load(Ordering::SeqCst), 0);
    let mut partner_fetch = Request::builder()
        .method(Method::POST)
        .uri("/wider")
        .header("origin", "https://partner.example")
        .header("host", HOST);
    partner_fetch = partner_fetch.header("sec-fetch-site", "same-origin");
    let same_origin = send(&app, partner_fetch.body(Body::empty()).unwrap()).await;
    same_origin.assert_served("not cross-origin: the handler's own CORS answer");
    assert_eq!(
        same_origin.header("access-control-allow-origin"),
        Some("https://partner.example"),
        "the handler's policy, not the layer's, writes the CORS headers"
    );
}

#[tokio::test]
async fn a_handler_protects_itself_under_a_layer_without_the_key() {
    let app = Router::new()
        .route("/inner", route!(post(inner_csrf)))
        .layer(LAYER_OPEN.layer());
    // Written with the testing helpers users get (`handler_cors::testing`).
    Probe::post("/inner")
        .origin("https://evil.example")
        .cross_site()
        .form("title=x")
        .send(&app)
        .await
        .assert_csrf_refused()
        .assert_no_cors_headers()
        .assert_vary("Origin");
    Probe::post("/inner")
        .origin("https://myapp.com")
        .cross_site()
        .form("title=x")
        .send(&app)
        .await
        .assert_status(200)
        .assert_allow_origin("https://myapp.com");
    assert_eq!(INNER_CSRF_RUNS.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------
// A csrf layer and a handler with the same policy decide the origin once.

static TENANT_LOOKUPS: AtomicUsize = AtomicUsize::new(0);
static TENANT_RUNS: AtomicUsize = AtomicUsize::new(0);

async fn tenant_lookup(origin: &str) -> bool {
    TENANT_LOOKUPS.fetch_add(1, Ordering::SeqCst);
    origin == "https://tenant.example"
}

policy!(pub TENANTS, origins = [with(async tenant_lookup)], methods = [POST], csrf);

#[cors(policy = TENANTS)]
async fn tenant_post() -> &'static str {
    TENANT_RUNS.fetch_add(1, Ordering::SeqCst);
    "ok"
}

#[tokio::test]
async fn a_csrf_layer_and_its_handler_await_a_predicate_once() {
    let app = Router::new()
        .route("/tenant", route!(post(tenant_post)))
        .layer(TENANTS.layer());
    let answer = send(&app, cross_site_form("/tenant", "https://tenant.example")).await;
    answer.assert_served("a tenant");
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("https://tenant.example")
    );
    assert_eq!(TENANT_LOOKUPS.load(Ordering::SeqCst), 1, "awaited once");
    send(&app, cross_site_form("/tenant", "https://other.example"))
        .await
        .assert_refused("not a tenant");
    assert_eq!(TENANT_LOOKUPS.load(Ordering::SeqCst), 2);
    assert_eq!(TENANT_RUNS.load(Ordering::SeqCst), 1);
}
