//! Each handler's policy, and only it, answers for that handler: on a path
//! shared by several handlers (`route!`), for view functions on several
//! paths, under nested layers, and when one of the handler's extractors
//! rejects the request. Every case through a real Router.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Json};
use handler_cors::{cors, policy, route};
use tower::ServiceExt;

const PARTNER: &str = "https://partner.example";
const ADMIN: &str = "https://admin.myapp.com";
const EVIL: &str = "https://evil.example";

// --- 1. one path, two handlers ------------------------------------------

/// The partner may read the list, with credentials; `methods` is left at
/// its default, which includes POST.
#[cors(origins = ["https://partner.example"], credentials)]
async fn list() -> &'static str {
    "list"
}

/// Only the admin front-end may create.
#[cors(origins = ["https://admin.myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
async fn create() -> &'static str {
    "created"
}

// --- 2. a view whose functions live on two paths -------------------------

struct Ops;

#[cors(methods = [DELETE], credentials, origins = ["https://admin.myapp.com"])]
impl Ops {
    #[cors(origins = ["https://partner.example"], methods = [DELETE], credentials)]
    async fn purge_cache() -> &'static str {
        "purged"
    }

    async fn delete_user() -> &'static str {
        "deleted"
    }
}

// --- 3. nested layers ----------------------------------------------------

static OUTER_CALLS: AtomicUsize = AtomicUsize::new(0);
static INNER_CALLS: AtomicUsize = AtomicUsize::new(0);

async fn outer_tenant(origin: &str) -> bool {
    OUTER_CALLS.fetch_add(1, Ordering::SeqCst);
    origin == "https://tenant.example"
}

async fn inner_tenant(origin: &str) -> bool {
    INNER_CALLS.fetch_add(1, Ordering::SeqCst);
    origin == "https://tenant.example"
}

policy!(pub OPEN, origins = any, methods = [GET, POST]);
policy!(
    pub STRICT,
    origins = ["https://admin.myapp.com"],
    methods = [GET, POST],
    credentials,
    max_age = 60,
);
// Only `/tenants` uses it, so its call counter counts that test's requests.
policy!(
    pub INNER_TENANTS,
    origins = ["https://admin.myapp.com", with(async inner_tenant)],
    methods = [GET, POST],
    credentials,
);
policy!(
    pub OUTER_TENANTS,
    origins = ["https://myapp.com", with(async outer_tenant)],
    methods = [GET],
);

async fn plain() -> &'static str {
    "plain"
}

#[cors(origins = ["https://myapp.com"], methods = [GET, POST], headers = ["content-type"])]
async fn own_under_layers(Json(post): Json<NewPost>) -> String {
    post.title
}

// --- 4. rejections -------------------------------------------------------

/// Runs of each handler's body (one counter each: tests run in parallel).
static JSON_RUNS: AtomicUsize = AtomicUsize::new(0);
static BY_ID_RUNS: AtomicUsize = AtomicUsize::new(0);
static PAGED_RUNS: AtomicUsize = AtomicUsize::new(0);
static FORM_RUNS: AtomicUsize = AtomicUsize::new(0);
static REQUEST_ID_RUNS: AtomicUsize = AtomicUsize::new(0);
static LATER_EXTRACTOR_RUNS: AtomicUsize = AtomicUsize::new(0);

#[derive(serde::Deserialize)]
struct NewPost {
    title: String,
}

#[derive(serde::Deserialize)]
struct Page {
    #[allow(dead_code)]
    page: u32,
}

/// A typed header: `x-request-id` as a number, `400` when it is not one,
/// `401` when it is missing.
struct RequestId(#[allow(dead_code)] u64);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get("x-request-id")
            .ok_or((StatusCode::UNAUTHORIZED, "missing x-request-id"))?;
        let text = value
            .to_str()
            .map_err(|_| (StatusCode::BAD_REQUEST, "bad x-request-id"))?;
        text.parse()
            .map(RequestId)
            .map_err(|_| (StatusCode::BAD_REQUEST, "bad x-request-id"))
    }
}

/// A custom extractor that only counts its runs.
struct Counted;

impl<S: Send + Sync> FromRequestParts<S> for Counted {
    type Rejection = StatusCode;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        LATER_EXTRACTOR_RUNS.fetch_add(1, Ordering::SeqCst);
        Ok(Counted)
    }
}

#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
async fn json_body(Json(post): Json<NewPost>) -> String {
    JSON_RUNS.fetch_add(1, Ordering::SeqCst);
    post.title
}

#[cors(origins = ["https://myapp.com"], methods = [GET], credentials)]
async fn by_id(Path(id): Path<u32>) -> String {
    BY_ID_RUNS.fetch_add(1, Ordering::SeqCst);
    id.to_string()
}

/// A path extractor followed by one that counts its runs (its own route,
/// so no other test moves the counter).
#[cors(origins = ["https://myapp.com"], methods = [GET], credentials)]
async fn counted_item(Path(id): Path<u32>, _later: Counted) -> String {
    id.to_string()
}

#[cors(origins = ["https://myapp.com"], methods = [GET], credentials)]
async fn paged(Query(_page): Query<Page>) -> &'static str {
    PAGED_RUNS.fetch_add(1, Ordering::SeqCst);
    "paged"
}

#[cors(origins = ["https://myapp.com"], methods = [POST], credentials)]
async fn form(Form(post): Form<NewPost>) -> String {
    FORM_RUNS.fetch_add(1, Ordering::SeqCst);
    post.title
}

#[cors(origins = ["https://myapp.com"], methods = [GET], credentials)]
async fn with_request_id(_id: RequestId) -> &'static str {
    REQUEST_ID_RUNS.fetch_add(1, Ordering::SeqCst);
    "ok"
}

/// Takes the rejection itself: the handler decides the answer.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"])]
async fn lenient(payload: Result<Json<NewPost>, JsonRejection>) -> (StatusCode, String) {
    match payload {
        Ok(Json(post)) => (StatusCode::OK, post.title),
        Err(rejection) => (StatusCode::IM_A_TEAPOT, rejection.body_text()),
    }
}

fn app() -> Router {
    let admin = Router::new()
        .route("/x", get(plain).post(plain))
        .route("/own", route!(get(own_under_layers).post(own_under_layers)))
        .route("/json", route!(post(json_body)))
        .layer(STRICT.layer());
    let tenants = Router::new()
        .route("/x", get(plain))
        .layer(INNER_TENANTS.layer());
    Router::new()
        .route("/posts", route!(get(list).post(create)))
        .route("/cache", route!(delete(Ops::purge_cache)))
        .route("/users", route!(delete(Ops::delete_user)))
        .route("/json", route!(post(json_body)))
        .route("/items/{id}", route!(get(by_id)))
        .route("/counted/{id}", route!(get(counted_item)))
        .route("/paged", route!(get(paged)))
        .route("/form", route!(post(form)))
        .route("/request-id", route!(get(with_request_id)))
        .route("/lenient", route!(post(lenient)))
        .route("/public", get(plain))
        .nest("/admin", admin)
        .layer(OPEN.layer())
        .nest("/tenants", tenants.layer(OUTER_TENANTS.layer()))
}

async fn send(request: Request<Body>) -> Response {
    let response = app().oneshot(request).await.unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
}

fn preflight(path: &str, origin: &str, method: &str) -> Request<Body> {
    Request::options(path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .body(Body::empty())
        .unwrap()
}

fn request(method: &str, path: &str, origin: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("origin", origin)
}

fn acao(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all("access-control-allow-origin")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

fn vary_names(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("vary")
        .iter()
        .flat_map(|line| line.to_str().unwrap().split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect()
}

/// The grant of a credentialed policy for `origin`: echoed, with
/// credentials, `Vary: Origin` once.
fn assert_granted(response: &Response, origin: &str) {
    assert_eq!(acao(response.headers()), [origin]);
    assert_eq!(
        response.headers()["access-control-allow-credentials"],
        "true"
    );
    assert_eq!(
        vary_names(response.headers())
            .iter()
            .filter(|name| *name == "origin")
            .count(),
        1
    );
}

/// A refusal: no `Access-Control-*` at all, `Vary: Origin`.
fn assert_refused(response: &Response) {
    assert!(
        cors_headers(response.headers()).is_empty(),
        "{:?}",
        response.headers()
    );
    assert!(vary_names(response.headers()).contains(&"origin".to_owned()));
}

// --- 1 ---------------------------------------------------------------------

#[tokio::test]
async fn a_shared_path_decides_each_preflight_by_the_routed_handler() {
    // POST is served by `create`: the partner, allowed by `list` (whose
    // default methods include POST), must not get it.
    for headers in [None, Some("content-type")] {
        let mut asked = preflight("/posts", PARTNER, "POST");
        if let Some(headers) = headers {
            asked
                .headers_mut()
                .insert("access-control-request-headers", headers.parse().unwrap());
        }
        let response = send(asked).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert_refused(&response);
    }
    // The admin origin, allowed only by `create`, gets the POST preflight.
    let mut asked = preflight("/posts", ADMIN, "POST");
    asked.headers_mut().insert(
        "access-control-request-headers",
        "content-type".parse().unwrap(),
    );
    let response = send(asked).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_granted(&response, ADMIN);
    assert_eq!(response.headers()["access-control-allow-methods"], "POST");

    // GET is `list`'s: the partner gets it, the admin origin does not.
    let response = send(preflight("/posts", PARTNER, "GET")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_granted(&response, PARTNER);
    let response = send(preflight("/posts", ADMIN, "GET")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // HEAD goes where axum routes it: to `list`.
    let response = send(preflight("/posts", PARTNER, "HEAD")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // No handler serves PUT, whatever the policies say.
    let response = send(preflight("/posts", PARTNER, "PUT")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The actual POST: only the admin origin may read it.
    let response = send(
        request("POST", "/posts", PARTNER)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_refused(&response);
    let response = send(
        request("POST", "/posts", ADMIN)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_granted(&response, ADMIN);
}

// --- 2 ---------------------------------------------------------------------

#[tokio::test]
async fn view_functions_on_two_paths_keep_their_own_policies() {
    let response = send(preflight("/users", PARTNER, "DELETE")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_refused(&response);
    let response = send(preflight("/users", ADMIN, "DELETE")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_granted(&response, ADMIN);

    let response = send(preflight("/cache", PARTNER, "DELETE")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_granted(&response, PARTNER);
    let response = send(preflight("/cache", ADMIN, "DELETE")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

// --- 3 ---------------------------------------------------------------------

#[tokio::test]
async fn an_inner_layer_decides_alone_under_an_outer_one() {
    // The inner STRICT refuses; the outer OPEN (`*`) must not add its grant.
    for method in ["GET", "POST"] {
        let response = send(
            request(method, "/admin/x", EVIL)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_refused(&response);
    }
    let response = send(
        request("GET", "/admin/x", ADMIN)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_granted(&response, ADMIN);
    // Outside the nest, the outer layer answers.
    let response = send(request("GET", "/public", EVIL).body(Body::empty()).unwrap()).await;
    assert_eq!(acao(response.headers()), ["*"]);

    // Preflights likewise.
    let response = send(preflight("/admin/x", EVIL, "POST")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_refused(&response);
    let response = send(preflight("/admin/x", ADMIN, "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_granted(&response, ADMIN);
    assert_eq!(response.headers()["access-control-max-age"], "60");
    let response = send(preflight("/public", EVIL, "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(response.headers()), ["*"]);
}

#[tokio::test]
async fn a_handler_under_two_layers_answers_alone() {
    // `own_under_layers` allows only https://myapp.com; both layers would
    // grant the admin origin (OPEN as `*`, STRICT with credentials).
    let response = send(
        request("POST", "/admin/own", ADMIN)
            .header("content-type", "application/json")
            .body(Body::from("{\"title\": \"t\"}"))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_refused(&response);
    let response = send(preflight("/admin/own", ADMIN, "POST")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_refused(&response);

    let response = send(preflight("/admin/own", "https://myapp.com", "POST")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(acao(response.headers()), ["https://myapp.com"]);
    assert!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(response.headers().get("access-control-max-age").is_none());

    // A plain OPTIONS with an Origin the layers allow: the route's `Allow`,
    // and nothing from the layers.
    let response = send(
        request("OPTIONS", "/admin/own", ADMIN)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["allow"], "GET, HEAD, POST, OPTIONS");
    assert!(cors_headers(response.headers()).is_empty());
}

#[tokio::test]
async fn each_request_is_decided_once_under_nested_layers() {
    let (outer, inner) = (
        OUTER_CALLS.load(Ordering::SeqCst),
        INNER_CALLS.load(Ordering::SeqCst),
    );
    let response = send(
        request("GET", "/tenants/x", "https://tenant.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_granted(&response, "https://tenant.example");
    let response = send(preflight("/tenants/x", "https://tenant.example", "GET")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        INNER_CALLS.load(Ordering::SeqCst) - inner,
        2,
        "once per request"
    );
    assert_eq!(
        OUTER_CALLS.load(Ordering::SeqCst) - outer,
        0,
        "the outer layer never decides what the inner one did"
    );
}

// --- 4 ---------------------------------------------------------------------

/// Sends `request` from the allowed origin and from a refused one: the same
/// rejection status both times, the grant only for the allowed origin, and
/// the handler's body never runs.
async fn rejected_with_cors(
    build: impl Fn(&str) -> Request<Body>,
    status: StatusCode,
    body_runs: &AtomicUsize,
) {
    let before = body_runs.load(Ordering::SeqCst);
    let response = send(build("https://myapp.com")).await;
    assert_eq!(response.status(), status);
    assert_granted(&response, "https://myapp.com");
    let response = send(build(EVIL)).await;
    assert_eq!(response.status(), status);
    assert_refused(&response);
    assert_eq!(
        body_runs.load(Ordering::SeqCst),
        before,
        "the body never runs"
    );
}

#[tokio::test]
async fn a_malformed_json_body_is_answered_with_the_handlers_cors_headers() {
    rejected_with_cors(
        |origin| {
            request("POST", "/json", origin)
                .header("content-type", "application/json")
                .body(Body::from("{\"title\": "))
                .unwrap()
        },
        StatusCode::BAD_REQUEST,
        &JSON_RUNS,
    )
    .await;
    // Valid JSON of the wrong shape, and the wrong content type.
    rejected_with_cors(
        |origin| {
            request("POST", "/json", origin)
                .header("content-type", "application/json")
                .body(Body::from("{\"name\": 1}"))
                .unwrap()
        },
        StatusCode::UNPROCESSABLE_ENTITY,
        &JSON_RUNS,
    )
    .await;
    rejected_with_cors(
        |origin| {
            request("POST", "/json", origin)
                .header("content-type", "text/plain")
                .body(Body::from("{}"))
                .unwrap()
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        &JSON_RUNS,
    )
    .await;
    // The rejection body is axum's own.
    let response = send(
        request("POST", "/json", "https://myapp.com")
            .header("content-type", "application/json")
            .body(Body::from("{\"title\": "))
            .unwrap(),
    )
    .await;
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&body).contains("JSON"), "{body:?}");
}

#[tokio::test]
async fn path_query_form_and_header_rejections_carry_the_answer_too() {
    rejected_with_cors(
        |origin| {
            request("GET", "/items/abc", origin)
                .body(Body::empty())
                .unwrap()
        },
        StatusCode::BAD_REQUEST,
        &BY_ID_RUNS,
    )
    .await;
    rejected_with_cors(
        |origin| {
            request("GET", "/paged?page=x", origin)
                .body(Body::empty())
                .unwrap()
        },
        StatusCode::BAD_REQUEST,
        &PAGED_RUNS,
    )
    .await;
    rejected_with_cors(
        |origin| {
            request("POST", "/form", origin)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("nothing=here"))
                .unwrap()
        },
        StatusCode::UNPROCESSABLE_ENTITY,
        &FORM_RUNS,
    )
    .await;
    rejected_with_cors(
        |origin| {
            request("GET", "/request-id", origin)
                .body(Body::empty())
                .unwrap()
        },
        StatusCode::UNAUTHORIZED,
        &REQUEST_ID_RUNS,
    )
    .await;
    rejected_with_cors(
        |origin| {
            request("GET", "/request-id", origin)
                .header("x-request-id", "seven")
                .body(Body::empty())
                .unwrap()
        },
        StatusCode::BAD_REQUEST,
        &REQUEST_ID_RUNS,
    )
    .await;

    // And the same handlers answer normally when nothing is rejected.
    let response = send(
        request("GET", "/request-id", "https://myapp.com")
            .header("x-request-id", "7")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_granted(&response, "https://myapp.com");
    let response = send(
        request("POST", "/form", "https://myapp.com")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("title=hello"))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn extraction_stops_at_the_first_rejection() {
    let later = LATER_EXTRACTOR_RUNS.load(Ordering::SeqCst);
    let response = send(
        request("GET", "/counted/abc", "https://myapp.com")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(LATER_EXTRACTOR_RUNS.load(Ordering::SeqCst), later);

    let response = send(
        request("GET", "/counted/7", "https://myapp.com")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(LATER_EXTRACTOR_RUNS.load(Ordering::SeqCst), later + 1);
}

#[tokio::test]
async fn a_rejection_under_a_layer_carries_the_handlers_answer_not_the_layers() {
    // STRICT and OPEN would both grant the admin origin; `json_body` does not.
    let response = send(
        request("POST", "/admin/json", ADMIN)
            .header("content-type", "application/json")
            .body(Body::from("not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_refused(&response);
    let response = send(
        request("POST", "/admin/json", "https://myapp.com")
            .header("content-type", "application/json")
            .body(Body::from("not json"))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_granted(&response, "https://myapp.com");
}

#[tokio::test]
async fn a_result_argument_still_receives_the_rejection() {
    let response = send(
        request("POST", "/lenient", "https://myapp.com")
            .header("content-type", "application/json")
            .body(Body::from("{"))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
    assert_eq!(acao(response.headers()), ["https://myapp.com"]);
}
