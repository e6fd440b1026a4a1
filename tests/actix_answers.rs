//! Every row of DESIGN.md's "What the server answers" on actix-web: the
//! rows shared with the axum suite (`tests/common/cases.rs`) through
//! `actix_web::test`, and what only actix-web has (its extractors, its
//! error type, its route attributes).

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::http::header::HeaderValue;
use actix_web::{App, HttpRequest, HttpResponse, Responder, test, web};
use handler_cors::{cors, resource};

mod common;
use common::cases::{self, ACAC, ACAO, Answer, CASES};

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
async fn strict() -> impl Responder {
    STRICT_RUNS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok()
        .insert_header(("x-total-count", "2"))
        .insert_header(("vary", "Accept-Encoding"))
        .body("posts")
}

/// Open to every origin, no credentials.
#[cors(origins = any, methods = [GET], headers = any)]
async fn public() -> &'static str {
    "feed"
}

/// A handler that sets CORS headers of its own, which the policy replaces.
#[cors(origins = ["https://myapp.com"])]
async fn meddling() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header(("access-control-allow-credentials", "true"))
        .insert_header(("vary", "origin"))
        .body("meddling")
}

#[derive(serde::Deserialize)]
struct NewPost {
    #[allow(dead_code)]
    title: String,
}

static BODY_RUNS: AtomicUsize = AtomicUsize::new(0);

/// Takes a JSON body: neither it nor the body runs for a preflight.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"])]
async fn create(web::Json(_post): web::Json<NewPost>) -> HttpResponse {
    BODY_RUNS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().finish()
}

#[cors(origins = any, methods = [GET])]
async fn list_comments() -> &'static str {
    "comments"
}

#[cors(origins = ["https://myapp.com"], methods = [POST, DELETE], headers = ["content-type"], credentials)]
async fn create_comment() -> &'static str {
    "created"
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(resource!("/strict", get(strict).post(strict).put(strict)))
        .service(resource!("/public", get(public)))
        .service(resource!("/meddling", get(meddling)))
        .service(web::resource("/create").to(create))
        .service(resource!(
            "/comments",
            get(list_comments).post(create_comment)
        ))
        .service(others())
}

/// An answer reduced to its status and header lines.
fn answer<B>(response: &ServiceResponse<B>) -> Answer {
    Answer {
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
    }
}

fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &'static str,
) -> test::TestRequest {
    let mut request = test::TestRequest::default()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path);
    for (name, value) in headers {
        request =
            request.append_header((*name, HeaderValue::from_bytes(value.as_bytes()).unwrap()));
    }
    request.set_payload(body)
}

/// The one value of a response header.
fn header<'a, B>(response: &'a ServiceResponse<B>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Calls the app, never expecting a 500.
macro_rules! send {
    ($service:expr, $request:expr $(,)?) => {{
        let response = test::call_service($service, $request.to_request()).await;
        assert_ne!(response.status().as_u16(), 500);
        response
    }};
}

/// The rows shared with the axum suite.
#[actix_web::test]
async fn every_shared_row_holds_on_actix() {
    let service = test::init_service(app()).await;
    for case in CASES {
        let response = send!(
            &service,
            request(case.method, case.path, case.headers, case.body)
        );
        cases::check(case, &answer(&response));
    }
}

static COUNTED_RUNS: AtomicUsize = AtomicUsize::new(0);
static COUNTED_EXTRACTIONS: AtomicUsize = AtomicUsize::new(0);

/// An extractor that counts its runs.
struct Counted;

impl actix_web::FromRequest for Counted {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Counted, actix_web::Error>>;

    fn from_request(_: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        COUNTED_EXTRACTIONS.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok(Counted))
    }
}

/// Only the test below calls it, so its counters are its own.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"])]
async fn counted(_counted: Counted, web::Json(_post): web::Json<NewPost>) -> HttpResponse {
    COUNTED_RUNS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Created().finish()
}

#[actix_web::test]
async fn preflights_never_run_the_handler_or_its_extractors() {
    let service = test::init_service(
        App::new()
            .service(web::resource("/any").to(counted))
            .service(resource!("/routed", post(counted))),
    )
    .await;
    for path in ["/any", "/routed"] {
        for origin in ["https://myapp.com", "https://evil.example"] {
            let response = send!(
                &service,
                request(
                    "OPTIONS",
                    path,
                    &[
                        ("origin", origin),
                        ("access-control-request-method", "POST")
                    ],
                    "{not json",
                ),
            );
            assert!([204, 403].contains(&response.status().as_u16()), "{path}");
        }
    }
    assert_eq!(COUNTED_RUNS.load(Ordering::SeqCst), 0);
    assert_eq!(COUNTED_EXTRACTIONS.load(Ordering::SeqCst), 0);
    // The same handler runs for an actual request: the counters count.
    let response = send!(
        &service,
        request(
            "POST",
            "/any",
            &[
                ("origin", "https://myapp.com"),
                ("content-type", "application/json")
            ],
            r#"{"title":"t"}"#,
        ),
    );
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(COUNTED_RUNS.load(Ordering::SeqCst), 1);
    assert_eq!(COUNTED_EXTRACTIONS.load(Ordering::SeqCst), 1);
}

#[actix_web::test]
async fn refused_actual_requests_still_run_the_handler() {
    let service = test::init_service(app()).await;
    let before = STRICT_RUNS.load(Ordering::SeqCst);
    let response = send!(
        &service,
        request("GET", "/strict", &[("origin", "https://evil.example")], "")
    );
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get(ACAO).is_none());
    assert_eq!(test::read_body(response).await, "posts");
    // Other tests may run it too: it only grows.
    assert!(STRICT_RUNS.load(Ordering::SeqCst) > before);
}

// actix-web's own extractors, error type and responders.

#[derive(Clone)]
struct Db(&'static str);

#[derive(serde::Deserialize)]
struct Page {
    page: u32,
}

/// `web::Data`, `web::Path`, `web::Query` and `HttpRequest` together.
#[cors(origins = ["https://myapp.com"], methods = [GET], credentials)]
async fn post(
    db: web::Data<Db>,
    path: web::Path<u32>,
    web::Query(page): web::Query<Page>,
    request: HttpRequest,
) -> String {
    format!(
        "{} {} {} {}",
        db.0,
        path.into_inner(),
        page.page,
        request.path()
    )
}

/// `Result<_, actix_web::Error>`: the error's response gets the headers too.
#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn fallible(path: web::Path<String>) -> Result<&'static str, actix_web::Error> {
    if path.as_str() == "bad" {
        return Err(actix_web::error::ErrorConflict("conflict"));
    }
    Ok("fine")
}

/// Mounted the way DESIGN.md shows, with `h::preflight`.
#[cors(origins = ["https://myapp.com"], methods = [GET, PUT], credentials)]
async fn posts(db: web::Data<Db>) -> impl Responder {
    db.0
}

fn others() -> actix_web::Scope {
    web::scope("/x")
        .app_data(web::Data::new(Db("db")))
        .service(web::resource("/posts/{id}").route(web::get().to(post)))
        .service(web::resource("/fallible/{what}").route(web::get().to(fallible)))
        .service(
            web::resource("/posts")
                .route(web::get().to(posts))
                .route(web::put().to(posts))
                .route(web::method(Method::OPTIONS).to(posts::preflight)),
        )
}

#[actix_web::test]
async fn actix_extractors_run_and_their_rejections_carry_the_answer() {
    let service = test::init_service(app()).await;
    let myapp = [("origin", "https://myapp.com")];
    let response = send!(&service, request("GET", "/x/posts/7?page=2", &myapp, ""));
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    assert_eq!(header(&response, ACAC), Some("true"));
    assert_eq!(test::read_body(response).await, "db 7 2 /x/posts/7");

    // A `Path` that does not parse, a missing query: rejected, with the answer.
    for uri in ["/x/posts/seven?page=2", "/x/posts/7"] {
        let response = send!(&service, request("GET", uri, &myapp, ""));
        assert!(response.status().is_client_error(), "{uri}");
        assert_eq!(header(&response, ACAO), Some("https://myapp.com"), "{uri}");
        assert_eq!(header(&response, "vary"), Some("Origin"), "{uri}");
        // ...and an attacker's origin gets no grant on it.
        let response = send!(
            &service,
            request("GET", uri, &[("origin", "https://evil.example")], "")
        );
        assert!(response.status().is_client_error(), "{uri}");
        assert!(response.headers().get(ACAO).is_none(), "{uri}");
        assert!(response.headers().get(ACAC).is_none(), "{uri}");
    }
}

#[actix_web::test]
async fn an_actix_error_carries_the_answer() {
    let service = test::init_service(app()).await;
    let response = send!(
        &service,
        request(
            "GET",
            "/x/fallible/bad",
            &[("origin", "https://myapp.com")],
            ""
        )
    );
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    assert_eq!(test::read_body(response).await, "conflict");
    let response = send!(
        &service,
        request(
            "GET",
            "/x/fallible/ok",
            &[("origin", "https://evil.example")],
            ""
        )
    );
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get(ACAO).is_none());
}

#[actix_web::test]
async fn a_handlers_own_preflight_mounts_with_web_method() {
    let service = test::init_service(app()).await;
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/x/posts",
            &[
                ("origin", "https://myapp.com"),
                ("access-control-request-method", "PUT")
            ],
            ""
        ),
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    assert_eq!(header(&response, ACAC), Some("true"));
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("GET, PUT")
    );
    // The attacker's preflight for the credentialed handler is refused.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/x/posts",
            &[
                ("origin", "https://myapp.com.evil.com"),
                ("access-control-request-method", "PUT")
            ],
            ""
        ),
    );
    assert_eq!(response.status().as_u16(), 403);
    assert!(response.headers().get(ACAO).is_none() && response.headers().get(ACAC).is_none());
    // A plain OPTIONS gets `Allow`.
    let response = send!(&service, request("OPTIONS", "/x/posts", &[], ""));
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, "allow"), Some("GET, PUT, OPTIONS"));
}

#[actix_web::test]
async fn resource_routes_head_only_where_a_head_handler_is_given() {
    let service = test::init_service(app()).await;
    // actix-web does not route HEAD to the GET handler, so the preflight
    // for HEAD is refused where no `head(...)` is given.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/public",
            &[
                ("origin", "https://anyone.example"),
                ("access-control-request-method", "HEAD")
            ],
            ""
        ),
    );
    assert_eq!(response.status().as_u16(), 403);
    let response = send!(&service, request("OPTIONS", "/strict", &[], ""));
    assert_eq!(header(&response, "allow"), Some("GET, POST, PUT, OPTIONS"));
}

// `#[cors]` above actix-web's route attributes.

/// A public feed, registered with `.service(feed)`.
#[cors(origins = ["https://myapp.com"], methods = [GET])]
#[actix_web::get("/feed")]
async fn feed() -> impl Responder {
    "feed"
}

/// Several methods, some listed by the policy but not routed.
#[cors(origins = ["https://myapp.com"], methods = [GET, PUT, DELETE], credentials)]
#[actix_web::route("/multi", method = "GET", method = "PUT", name = "multi_route")]
async fn multi(db: web::Data<Db>, request: HttpRequest) -> String {
    format!("{} {}", db.0, request.method())
}

#[actix_web::test]
async fn cors_above_a_route_attribute_answers_its_own_preflights() {
    let service = test::init_service(
        App::new()
            .app_data(web::Data::new(Db("db")))
            .service(feed)
            .service(multi),
    )
    .await;
    let myapp = ("origin", "https://myapp.com");
    let response = send!(&service, request("GET", "/feed", &[myapp], ""));
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    assert_eq!(test::read_body(response).await, "feed");

    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/feed",
            &[myapp, ("access-control-request-method", "GET")],
            ""
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/feed",
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "GET")
            ],
            ""
        )
    );
    assert_eq!(response.status().as_u16(), 403);
    assert!(header(&response, ACAO).is_none());

    // Routed methods are decided by the policy; DELETE is in the policy but
    // not routed, so its preflight is refused.
    for (method, status) in [("GET", 204), ("PUT", 204), ("DELETE", 403), ("POST", 403)] {
        let response = send!(
            &service,
            request(
                "OPTIONS",
                "/multi",
                &[myapp, ("access-control-request-method", method)],
                ""
            )
        );
        assert_eq!(response.status().as_u16(), status, "{method}");
    }
    let response = send!(&service, request("PUT", "/multi", &[myapp], ""));
    assert_eq!(header(&response, ACAC), Some("true"));
    assert_eq!(test::read_body(response).await, "db PUT");
    // An attacker's origin gets no credentialed grant.
    let response = send!(
        &service,
        request(
            "PUT",
            "/multi",
            &[("origin", "https://myapp.com.evil.com")],
            ""
        )
    );
    assert!(header(&response, ACAO).is_none() && header(&response, ACAC).is_none());
    let response = send!(&service, request("OPTIONS", "/multi", &[], ""));
    assert_eq!(header(&response, "allow"), Some("GET, PUT, OPTIONS"));

    // The policy and the preflight handler are still there by name.
    assert_eq!(feed::POLICY.methods(), ["GET"]);
    assert!(multi::POLICY.credentials());
    let _: handler_cors::__private::Preflight = feed::preflight;
}

static AFTER_REJECTION: AtomicUsize = AtomicUsize::new(0);

/// Counts its extractions; placed after an argument that rejects.
struct AfterRejection;

impl actix_web::FromRequest for AfterRejection {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<AfterRejection, actix_web::Error>>;

    fn from_request(_: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        AFTER_REJECTION.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok(AfterRejection))
    }
}

#[cors(origins = ["https://myapp.com"], methods = [GET])]
async fn rejects_first(id: web::Path<u32>, _after: AfterRejection) -> String {
    id.into_inner().to_string()
}

#[actix_web::test]
async fn no_extractor_runs_after_a_rejection() {
    let service = test::init_service(
        App::new().service(web::resource("/r/{id}").route(web::get().to(rejects_first))),
    )
    .await;
    let response = send!(
        &service,
        request("GET", "/r/7", &[("origin", "https://myapp.com")], "")
    );
    assert_eq!(test::read_body(response).await, "7");
    assert_eq!(AFTER_REJECTION.load(Ordering::SeqCst), 1);
    let response = send!(
        &service,
        request("GET", "/r/seven", &[("origin", "https://myapp.com")], "")
    );
    assert_eq!(response.status().as_u16(), 404);
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    // The Path rejected: the extractor after it never ran.
    assert_eq!(AFTER_REJECTION.load(Ordering::SeqCst), 1);
}
