//! Every row of DESIGN.md's "What the server answers", driven through a real
//! axum `Router` with `oneshot`.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use handler_cors::cors;
use tower::ServiceExt;

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";
const ACAM: &str = "access-control-allow-methods";
const ACAH: &str = "access-control-allow-headers";
const ACEH: &str = "access-control-expose-headers";
const ACMA: &str = "access-control-max-age";
const ACAPN: &str = "access-control-allow-private-network";
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
/// The preflight `Vary` of a policy with `private_network` (`/strict`).
const PREFLIGHT_VARY_PRIVATE_NETWORK: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

static STRICT_RUNS: AtomicUsize = AtomicUsize::new(0);

/// Strict, credentialed: the app's own origins.
#[cors(
    origins = ["https://myapp.com", "https://*.myapp.com", "http://localhost:*", regex(r"^https://[a-z0-9-]+\.preview\.other\.com$")],
    methods = [GET, POST, PUT],
    headers = ["authorization", "content-type", "x-csrftoken"],
    expose_headers = ["x-total-count"],
    credentials = true,
    max_age = 600,
    private_network = true,
)]
async fn strict() -> impl IntoResponse {
    STRICT_RUNS.fetch_add(1, Ordering::SeqCst);
    (
        [("x-total-count", "2"), ("vary", "Accept-Encoding")],
        "posts",
    )
}

/// Open to every origin, no credentials.
#[cors(origins = any, methods = [GET], headers = any)]
async fn public() -> &'static str {
    "feed"
}

/// Mirrors requested headers, with credentials.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = any, credentials)]
async fn mirror() -> &'static str {
    "ok"
}

/// A handler that sets CORS headers of its own, which the policy replaces.
#[cors(origins = ["https://myapp.com"])]
async fn meddling() -> Response {
    (
        [
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
            ("vary", "origin"),
        ],
        "meddling",
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct NewPost {
    #[allow(dead_code)]
    title: String,
}

static BODY_RUNS: AtomicUsize = AtomicUsize::new(0);

/// Takes a JSON body: neither it nor the body runs for a preflight.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"])]
async fn create(Json(_post): Json<NewPost>) -> StatusCode {
    BODY_RUNS.fetch_add(1, Ordering::SeqCst);
    StatusCode::CREATED
}

#[cors(origins = any, methods = [GET])]
async fn list_comments() -> &'static str {
    "comments"
}

#[cors(origins = ["https://myapp.com"], methods = [POST, DELETE], headers = ["content-type"], credentials)]
async fn create_comment() -> &'static str {
    "created"
}

fn app() -> Router {
    Router::new()
        .route(
            "/strict",
            handler_cors::route!(get(strict).post(strict).put(strict)),
        )
        .route("/public", handler_cors::route!(get(public)))
        .route("/mirror", handler_cors::route!(get(mirror).post(mirror)))
        .route("/meddling", handler_cors::route!(get(meddling)))
        .route("/create", any(create))
        .route(
            "/comments",
            handler_cors::route!(get(list_comments).post(create_comment)),
        )
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

fn preflight(path: &str, origin: &str, method: &str, headers: Option<&str>) -> Request<Body> {
    let mut request = Request::options(path)
        .header("origin", origin)
        .header("access-control-request-method", method);
    if let Some(headers) = headers {
        request = request.header("access-control-request-headers", headers);
    }
    request.body(Body::empty()).unwrap()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .filter(|name| name.as_str().starts_with("access-control-"))
        .map(|name| name.to_string())
        .collect()
}

fn vary(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

async fn body_text(response: Response) -> String {
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn no_origin_runs_the_handler_without_cors_headers() {
    let response = send(Request::get("/strict").body(Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cors_headers(response.headers()).is_empty());
    assert_eq!(vary(response.headers()), ["Accept-Encoding, Origin"]);
    assert_eq!(body_text(response).await, "posts");

    // `origins = any` answers `*` with or without an origin: the answer
    // does not depend on it, so no Vary is needed.
    let response = send(Request::get("/public").body(Body::empty()).unwrap()).await;
    assert_eq!(cors_headers(response.headers()), [ACAO]);
    assert_eq!(response.headers()[ACAO], "*");
    assert!(vary(response.headers()).is_empty());
    // ...but a malformed one is refused, and that answer says it varies.
    let mut request = get_from("/public", "https://a.example");
    request
        .headers_mut()
        .append("origin", HeaderValue::from_static("https://b.example"));
    let response = send(request).await;
    assert!(cors_headers(response.headers()).is_empty());
    assert_eq!(vary(response.headers()), ["Origin"]);
}

#[tokio::test]
async fn allowed_actual_request_gets_the_policy_headers() {
    let response = send(get_from("/strict", "https://myapp.com")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers[ACAO], "https://myapp.com");
    assert_eq!(headers[ACAC], "true");
    assert_eq!(headers[ACEH], "x-total-count");
    assert_eq!(vary(headers), ["Accept-Encoding, Origin"]);
    assert!(headers.get(ACAM).is_none() && headers.get(ACMA).is_none());
    assert_eq!(body_text(response).await, "posts");
}

#[tokio::test]
async fn every_origin_form_is_matched() {
    for origin in [
        "https://myapp.com",
        "https://api.myapp.com",
        "https://a.b.myapp.com",
        "http://localhost",
        "http://localhost:3000",
        "https://pr-12.preview.other.com",
    ] {
        let response = send(get_from("/strict", origin)).await;
        assert_eq!(response.headers()[ACAO], origin, "{origin}");
    }
}

#[tokio::test]
async fn wildcards_and_regexes_refuse_look_alikes() {
    for origin in [
        "https://myapp.com.evil.com",
        "https://evilmyapp.com",
        "https://evil.com?.myapp.com",
        "https://evil.com/.myapp.com",
        "http://api.myapp.com",
        "https://api.myapp.com:8443",
        "https://localhost:3000",
        "http://localhost.evil.com:3000",
        "https://preview.other.com",
        "https://a.b.preview.other.com",
        "https://x.preview.other.com.evil.com",
        "https://x.preview.other.com/",
    ] {
        let response = send(get_from("/strict", origin)).await;
        assert!(cors_headers(response.headers()).is_empty(), "{origin}");
    }
}

#[tokio::test]
async fn other_spellings_of_an_allowed_origin_are_refused_not_normalised() {
    for origin in [
        "https://MyApp.com",
        "HTTPS://myapp.com",
        "https://myapp.com/",
        "https://myapp.com:443",
        "https://myapp.com.",
        " https://myapp.com",
        "https://user@myapp.com",
        "null",
    ] {
        let response = send(get_from("/strict", origin)).await;
        assert_eq!(response.status(), StatusCode::OK, "{origin}");
        assert!(cors_headers(response.headers()).is_empty(), "{origin}");
        assert_eq!(
            vary(response.headers()),
            ["Accept-Encoding, Origin"],
            "{origin}"
        );
    }
}

#[tokio::test]
async fn refused_actual_request_runs_the_handler_without_cors_headers() {
    let before = STRICT_RUNS.load(Ordering::SeqCst);
    let response = send(get_from("/strict", "https://evil.example")).await;
    assert!(STRICT_RUNS.load(Ordering::SeqCst) > before);
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cors_headers(response.headers()).is_empty());
    assert_eq!(vary(response.headers()), ["Accept-Encoding, Origin"]);
}

#[tokio::test]
async fn any_answers_star_without_credentials() {
    let response = send(get_from("/public", "https://anyone.example")).await;
    assert_eq!(response.headers()[ACAO], "*");
    assert!(response.headers().get(ACAC).is_none());
    assert!(vary(response.headers()).is_empty());
}

#[tokio::test]
async fn policy_headers_replace_the_handlers_own() {
    let response = send(get_from("/meddling", "https://myapp.com")).await;
    let headers = response.headers();
    assert_eq!(
        headers.get_all(ACAO).iter().collect::<Vec<_>>(),
        ["https://myapp.com"]
    );
    assert!(headers.get(ACAC).is_none(), "the policy has no credentials");
    assert_eq!(
        vary(headers),
        ["origin"],
        "Vary already names Origin: not duplicated"
    );

    let refused = send(get_from("/meddling", "https://evil.example")).await;
    assert!(cors_headers(refused.headers()).is_empty());
}

#[tokio::test]
async fn head_requests_get_the_same_headers() {
    let request = Request::head("/strict")
        .header("origin", "https://myapp.com")
        .body(Body::empty())
        .unwrap();
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[ACAO], "https://myapp.com");
    assert_eq!(response.headers()[ACAC], "true");
}

#[tokio::test]
async fn allowed_preflight_is_204_with_every_header() {
    let response = send(preflight(
        "/strict",
        "https://api.myapp.com",
        "PUT",
        Some("authorization,content-type"),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let headers = response.headers();
    assert_eq!(headers[ACAO], "https://api.myapp.com");
    assert_eq!(headers[ACAC], "true");
    assert_eq!(headers[ACAM], "GET, POST, PUT");
    assert_eq!(headers[ACAH], "authorization, content-type, x-csrftoken");
    assert_eq!(headers[ACMA], "600");
    assert!(headers.get(ACAPN).is_none(), "not requested");
    assert!(headers.get(ACEH).is_none());
    assert_eq!(vary(headers), [PREFLIGHT_VARY_PRIVATE_NETWORK]);
    assert!(body_text(response).await.is_empty());
}

#[tokio::test]
async fn preflight_without_requested_headers_sends_no_allow_headers() {
    let response = send(preflight("/strict", "https://myapp.com", "POST", None)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().get(ACAH).is_none());
}

#[tokio::test]
async fn requested_headers_in_any_case_spacing_and_lines() {
    let mut request = preflight(
        "/strict",
        "https://myapp.com",
        "POST",
        Some("Authorization , X-CSRFToken"),
    );
    request.headers_mut().append(
        "access-control-request-headers",
        HeaderValue::from_static("content-type"),
    );
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers()[ACAH],
        "authorization, content-type, x-csrftoken"
    );
}

#[tokio::test]
async fn private_network_access_is_granted_when_configured_and_requested() {
    let mut request = preflight("/strict", "https://myapp.com", "GET", None);
    request.headers_mut().insert(
        "access-control-request-private-network",
        HeaderValue::from_static("true"),
    );
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAPN], "true");

    let mut request = preflight("/public", "https://myapp.com", "GET", None);
    request.headers_mut().insert(
        "access-control-request-private-network",
        HeaderValue::from_static("true"),
    );
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_headers(response.headers()).is_empty());
}

#[tokio::test]
async fn refused_preflights_are_403_without_cors_headers() {
    let cases = [
        preflight("/strict", "https://evil.example", "GET", None),
        preflight("/strict", "https://myapp.com", "DELETE", None),
        preflight("/strict", "https://myapp.com", "put", None),
        preflight(
            "/strict",
            "https://myapp.com",
            "POST",
            Some("authorization,x-other"),
        ),
        preflight("/strict", "https://myapp.com", "POST", Some("cookie")),
        preflight("/strict", "https://myapp.com", "POST", Some("content type")),
        preflight("/public", "https://anyone.example", "POST", None),
    ];
    for request in cases {
        let description = format!("{:?}", request.headers());
        let expected_vary = if request.uri().path() == "/strict" {
            PREFLIGHT_VARY_PRIVATE_NETWORK
        } else {
            PREFLIGHT_VARY
        };
        let response = send(request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{description}");
        assert!(cors_headers(response.headers()).is_empty(), "{description}");
        assert_eq!(vary(response.headers()), [expected_vary], "{description}");
    }
}

#[tokio::test]
async fn plain_options_is_not_a_preflight() {
    for request in [
        Request::options("/strict").body(Body::empty()).unwrap(),
        Request::options("/strict")
            .header("origin", "https://myapp.com")
            .body(Body::empty())
            .unwrap(),
    ] {
        let response = send(request).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        // The routed methods (axum answers HEAD with the GET handler).
        assert_eq!(
            response.headers()[header::ALLOW],
            "GET, HEAD, POST, PUT, OPTIONS"
        );
        assert!(cors_headers(response.headers()).is_empty());
    }
}

#[tokio::test]
async fn any_origin_preflight_mirrors_headers_and_answers_star() {
    let response = send(preflight(
        "/public",
        "https://anyone.example",
        "GET",
        Some("x-custom,authorization"),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAO], "*");
    assert_eq!(response.headers()[ACAH], "x-custom,authorization");
    assert!(response.headers().get(ACAC).is_none());
}

#[tokio::test]
async fn mirrored_headers_with_credentials_are_never_a_wildcard() {
    let response = send(preflight(
        "/mirror",
        "https://myapp.com",
        "POST",
        Some("authorization,x-anything"),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAO], "https://myapp.com");
    assert_eq!(response.headers()[ACAC], "true");
    assert_eq!(response.headers()[ACAH], "authorization,x-anything");

    // `*` asked for is refused rather than echoed as a wildcard.
    let response = send(preflight("/mirror", "https://myapp.com", "POST", Some("*"))).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_headers(response.headers()).is_empty());
}

#[tokio::test]
async fn preflight_never_runs_the_handler_or_its_extractors() {
    // `any(create)` routes OPTIONS to the handler itself: the leading
    // extractor answers the preflight before `Json` reads the body.
    let before = BODY_RUNS.load(Ordering::SeqCst);
    let response = send(preflight(
        "/create",
        "https://myapp.com",
        "POST",
        Some("content-type"),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAO], "https://myapp.com");
    let refused = send(preflight("/create", "https://evil.example", "POST", None)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(BODY_RUNS.load(Ordering::SeqCst), before);

    let request = Request::post("/create")
        .header("origin", "https://myapp.com")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"title":"hello"}"#))
        .unwrap();
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()[ACAO], "https://myapp.com");
    assert!(BODY_RUNS.load(Ordering::SeqCst) > before);
}

#[tokio::test]
async fn one_path_two_policies_chosen_by_requested_method() {
    let response = send(preflight(
        "/comments",
        "https://anyone.example",
        "GET",
        None,
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAO], "*");

    let response = send(preflight(
        "/comments",
        "https://myapp.com",
        "POST",
        Some("content-type"),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers()[ACAO], "https://myapp.com");
    assert_eq!(response.headers()[ACAC], "true");
    assert_eq!(response.headers()[ACAM], "POST, DELETE");

    let response = send(preflight(
        "/comments",
        "https://anyone.example",
        "POST",
        None,
    ))
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let response = send(preflight("/comments", "https://myapp.com", "PATCH", None)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // DELETE is in `create_comment`'s policy, but no handler here serves it.
    let response = send(preflight("/comments", "https://myapp.com", "DELETE", None)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_headers(response.headers()).is_empty());

    let response = send(Request::options("/comments").body(Body::empty()).unwrap()).await;
    assert_eq!(
        response.headers()[header::ALLOW],
        "GET, HEAD, POST, OPTIONS"
    );

    // Actual requests keep each handler's own policy.
    let response = send(get_from("/comments", "https://anyone.example")).await;
    assert_eq!(response.headers()[ACAO], "*");
    let request = Request::post("/comments")
        .header("origin", "https://anyone.example")
        .body(Body::empty())
        .unwrap();
    assert!(cors_headers(send(request).await.headers()).is_empty());
}

#[tokio::test]
async fn hostile_request_bytes_are_refused_never_a_500() {
    let long_origin = format!("https://{}.myapp.com", "a".repeat(10_000));
    let mut requests = Vec::new();
    for origin in [
        HeaderValue::from_bytes(b"https://\xffmyapp.com").unwrap(),
        HeaderValue::from_bytes("https://bücher.myapp.com".as_bytes()).unwrap(),
        HeaderValue::from_str(&long_origin).unwrap(),
        HeaderValue::from_bytes(b"https://myapp.com\t").unwrap(),
        HeaderValue::from_static(""),
        HeaderValue::from_static("https://myapp.com, https://evil.example"),
        HeaderValue::from_static("https://myapp.com https://evil.example"),
    ] {
        for method in [Method::GET, Method::OPTIONS] {
            let mut request = Request::builder().method(method.clone()).uri("/strict");
            request = request.header("origin", origin.clone());
            if method == Method::OPTIONS {
                request = request.header("access-control-request-method", "GET");
            }
            requests.push(request.body(Body::empty()).unwrap());
        }
    }
    // Two Origin headers, each allowed on its own.
    let mut two = get_from("/strict", "https://myapp.com");
    two.headers_mut()
        .append("origin", HeaderValue::from_static("https://api.myapp.com"));
    requests.push(two);
    let mut two = preflight("/strict", "https://myapp.com", "GET", None);
    two.headers_mut()
        .append("origin", HeaderValue::from_static("https://myapp.com"));
    requests.push(two);
    // Malformed or oversized Access-Control-Request-Headers / -Method.
    let huge = vec!["authorization"; 5_000].join(",");
    for value in [
        huge.as_str(),
        "authorization;content-type",
        "authorization,(x)",
        "a b,c",
    ] {
        let mut request = preflight("/strict", "https://myapp.com", "GET", None);
        request.headers_mut().insert(
            "access-control-request-headers",
            HeaderValue::from_bytes(value.as_bytes()).unwrap(),
        );
        requests.push(request);
    }
    let mut binary = preflight("/strict", "https://myapp.com", "GET", None);
    binary.headers_mut().insert(
        "access-control-request-headers",
        HeaderValue::from_bytes(b"x-\xfe\xff").unwrap(),
    );
    requests.push(binary);
    for method in ["GET POST", "", "G\u{e9}T"] {
        let mut request = preflight("/strict", "https://myapp.com", "GET", None);
        request.headers_mut().insert(
            "access-control-request-method",
            HeaderValue::from_bytes(method.as_bytes()).unwrap(),
        );
        requests.push(request);
    }
    let mut two_methods = preflight("/strict", "https://myapp.com", "GET", None);
    two_methods.headers_mut().append(
        "access-control-request-method",
        HeaderValue::from_static("POST"),
    );
    requests.push(two_methods);

    for request in requests {
        let description = format!("{} {:?}", request.method(), request.headers());
        let is_options = request.method() == Method::OPTIONS;
        let response = send(request).await;
        assert!(cors_headers(response.headers()).is_empty(), "{description}");
        let expected = if is_options {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::OK
        };
        assert_eq!(
            response.status(),
            expected,
            "{}",
            description.chars().take(300).collect::<String>()
        );
    }
}

#[test]
fn policies_can_be_inspected() {
    assert!(strict::POLICY.allows_origin("https://a.myapp.com"));
    assert!(!strict::POLICY.allows_origin("https://myapp.com.evil.com"));
    assert_eq!(strict::POLICY.methods(), ["GET", "POST", "PUT"]);
    assert_eq!(
        strict::POLICY.allowed_headers(),
        Some(&["authorization", "content-type", "x-csrftoken"][..])
    );
    assert_eq!(strict::POLICY.exposed_headers(), ["x-total-count"]);
    assert!(strict::POLICY.credentials());
    assert_eq!(strict::POLICY.max_age(), Some(600));
    assert!(strict::POLICY.private_network());
    assert_eq!(strict::POLICY.handler(), "strict");
    assert!(public::POLICY.allows_any_origin());
    assert_eq!(public::POLICY.allowed_headers(), None);
    assert!(!public::POLICY.credentials());
    assert_eq!(create::POLICY.max_age(), None);
}

#[test]
fn defaults() {
    #[cors(origins = ["https://myapp.com"])]
    async fn defaults_only() {}
    assert_eq!(defaults_only::POLICY.methods(), ["GET", "HEAD", "POST"]);
    assert_eq!(defaults_only::POLICY.allowed_headers(), Some(&[][..]));
    assert!(defaults_only::POLICY.exposed_headers().is_empty());
    assert!(!defaults_only::POLICY.credentials());
    assert!(!defaults_only::POLICY.private_network());
    assert_eq!(defaults_only::POLICY.max_age(), None);
}

mod common;

/// The rows shared with the actix-web suite (`tests/common/cases.rs`).
#[tokio::test]
async fn every_shared_row_holds_on_axum() {
    for case in common::cases::CASES {
        let mut request = Request::builder().method(case.method).uri(case.path);
        for (name, value) in case.headers {
            request = request.header(*name, HeaderValue::from_bytes(value.as_bytes()).unwrap());
        }
        let response = send(request.body(Body::from(case.body)).unwrap()).await;
        let answer = common::cases::Answer {
            status: response.status().as_u16(),
            headers: response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        };
        common::cases::check(case, &answer);
    }
}
