//! On actix-web: view impl blocks, named policies, a named policy as a
//! middleware (with the tower layer's precedence: the most specific policy
//! decides, once), `env(...)` origins and `with(...)` predicates.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::{App, HttpResponse, test, web};
use handler_cors::{cors, policy, resource};

policy!(
    /// The app's own front-ends, with credentials.
    pub STRICT,
    origins = ["https://myapp.com", "https://admin.myapp.com"],
    methods = [GET, POST, DELETE],
    headers = ["content-type"],
    credentials,
);

policy!(pub(crate) APP_DEFAULT, origins = ["https://myapp.com"], methods = [GET, POST], max_age = 300);

static MIDDLEWARE_CHECKS: AtomicUsize = AtomicUsize::new(0);

async fn checked_by_middleware(origin: &str) -> bool {
    MIDDLEWARE_CHECKS.fetch_add(1, Ordering::SeqCst);
    origin == "https://db.example"
}

policy!(ASYNC_DEFAULT, origins = [with(async checked_by_middleware)], methods = [GET]);

/// A class-based view: every async fn gets the block's policy.
struct PostsView;

#[cors(origins = any, methods = [GET])]
impl PostsView {
    async fn list() -> &'static str {
        "list"
    }

    /// Its own policy replaces the block's.
    #[cors(origins = ["https://admin.myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
    async fn create(body: String) -> String {
        format!("created {body}")
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
async fn account() -> &'static str {
    "account"
}

#[cors(origins = any, methods = [GET])]
async fn public_feed() -> &'static str {
    "feed"
}

/// No policy of its own: the middleware answers for it.
async fn plain() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("vary", "Accept"))
        .body("plain")
}

fn origins_from_env_is_fine(origin: &str) -> bool {
    origin == "https://tenant.example"
}

static ASYNC_CALLS: AtomicUsize = AtomicUsize::new(0);

async fn in_database(origin: &str) -> bool {
    ASYNC_CALLS.fetch_add(1, Ordering::SeqCst);
    origin == "https://from-db.example"
}

/// Origins from the environment (`.cargo/config.toml` sets the variable).
#[cors(origins = [env("HANDLER_CORS_TEST_GOOD")], methods = [GET], credentials)]
async fn from_env() -> &'static str {
    "env"
}

#[cors(origins = ["https://static.example", with(origins_from_env_is_fine)], methods = [GET, PUT], credentials)]
async fn predicate() -> &'static str {
    "predicate"
}

#[cors(origins = ["https://static.example", with(async in_database)], methods = [GET, PUT])]
async fn async_predicate() -> &'static str {
    "async"
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .service(resource!(
            "/posts",
            get(PostsView::list).post(PostsView::create)
        ))
        .service(resource!(
            "/admin",
            get(AdminView::stats).delete(AdminView::purge)
        ))
        .service(resource!("/env", get(from_env)))
        .service(resource!("/predicate", get(predicate).put(predicate)))
        .service(resource!(
            "/async",
            get(async_predicate).put(async_predicate)
        ))
        .service(
            web::scope("/async-default")
                .wrap(ASYNC_DEFAULT.middleware())
                .route("/plain", web::get().to(plain)),
        )
        .service(
            web::scope("/app")
                .wrap(APP_DEFAULT.middleware())
                .route("/plain", web::get().to(plain))
                .service(resource!("/feed", get(public_feed)))
                .service(resource!("/account", get(account).post(account)))
                .service(
                    web::scope("/inner")
                        .wrap(STRICT.middleware())
                        .route("/plain", web::get().to(plain)),
                ),
        )
        .route("/outside", web::get().to(plain))
}

fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> test::TestRequest {
    let mut request = test::TestRequest::default()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path);
    for header in headers {
        request = request.append_header(*header);
    }
    request
}

fn header<'a, B>(response: &'a ServiceResponse<B>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

macro_rules! send {
    ($service:expr, $request:expr $(,)?) => {{
        let response = test::call_service($service, $request.to_request()).await;
        assert_ne!(response.status().as_u16(), 500);
        response
    }};
}

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";

#[actix_web::test]
async fn views_and_named_policies() {
    let service = test::init_service(app()).await;
    let response = send!(
        &service,
        request("GET", "/posts", &[("origin", "https://evil.example")])
    );
    assert_eq!(header(&response, ACAO), Some("*"));
    let response = send!(
        &service,
        request("POST", "/posts", &[("origin", "https://admin.myapp.com")]).set_payload("x")
    );
    assert_eq!(header(&response, ACAO), Some("https://admin.myapp.com"));
    assert_eq!(header(&response, ACAC), Some("true"));
    assert_eq!(test::read_body(response).await, "created x");
    // The view's credentialed handler refuses an attacker.
    let response = send!(
        &service,
        request("POST", "/posts", &[("origin", "https://evil.example")])
    );
    assert!(header(&response, ACAO).is_none() && header(&response, ACAC).is_none());
    // Each preflight is decided by the routed handler.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/posts",
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "POST")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 403);
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/posts",
            &[
                ("origin", "https://admin.myapp.com"),
                ("access-control-request-method", "POST")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("POST")
    );
    // A named policy on a view.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/admin",
            &[
                ("origin", "https://myapp.com"),
                ("access-control-request-method", "DELETE")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, ACAC), Some("true"));
    assert!(std::ptr::eq(AdminView::STATS_POLICY, STRICT.policy()));
}

#[actix_web::test]
async fn the_most_specific_policy_decides_under_middlewares() {
    let service = test::init_service(app()).await;
    // A plain handler gets the middleware's answer, Vary merged.
    let response = send!(
        &service,
        request("GET", "/app/plain", &[("origin", "https://myapp.com")])
    );
    assert_eq!(header(&response, ACAO), Some("https://myapp.com"));
    assert!(header(&response, ACAC).is_none());
    assert_eq!(header(&response, "vary"), Some("Accept, Origin"));
    let response = send!(
        &service,
        request("GET", "/app/plain", &[("origin", "https://evil.example")])
    );
    assert!(header(&response, ACAO).is_none());
    // Its preflight (no OPTIONS route) is answered by the middleware.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/app/plain",
            &[
                ("origin", "https://myapp.com"),
                ("access-control-request-method", "GET")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, "access-control-max-age"), Some("300"));
    // A handler's own policy wins over the middleware, both ways.
    let response = send!(
        &service,
        request("GET", "/app/feed", &[("origin", "https://evil.example")])
    );
    assert_eq!(header(&response, ACAO), Some("*"));
    let response = send!(
        &service,
        request(
            "GET",
            "/app/account",
            &[("origin", "https://admin.myapp.com")]
        )
    );
    assert_eq!(header(&response, ACAO), Some("https://admin.myapp.com"));
    assert_eq!(header(&response, ACAC), Some("true"));
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/app/account",
            &[
                ("origin", "https://admin.myapp.com"),
                ("access-control-request-method", "POST")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, ACAC), Some("true"));
    assert!(header(&response, "access-control-max-age").is_none());
    // The middleware does not grant what the handler's policy refused.
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/app/feed",
            &[
                ("origin", "https://myapp.com"),
                ("access-control-request-method", "POST")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 403);
    assert!(header(&response, ACAO).is_none());
    // An inner middleware over an outer one.
    let response = send!(
        &service,
        request(
            "GET",
            "/app/inner/plain",
            &[("origin", "https://admin.myapp.com")]
        )
    );
    assert_eq!(header(&response, ACAO), Some("https://admin.myapp.com"));
    assert_eq!(header(&response, ACAC), Some("true"));
    assert_eq!(header(&response, "vary"), Some("Accept, Origin"));
    // An attacker gets no credentialed grant from either.
    let response = send!(
        &service,
        request(
            "GET",
            "/app/inner/plain",
            &[("origin", "https://myapp.com.evil.com")]
        )
    );
    assert!(header(&response, ACAO).is_none() && header(&response, ACAC).is_none());
    // Outside any policy: nothing.
    let response = send!(
        &service,
        request("GET", "/outside", &[("origin", "https://myapp.com")])
    );
    assert!(header(&response, ACAO).is_none());
}

#[actix_web::test]
async fn a_middleware_awaits_its_predicate_once_per_request() {
    let service = test::init_service(app()).await;
    let before = MIDDLEWARE_CHECKS.load(Ordering::SeqCst);
    let response = send!(
        &service,
        request(
            "GET",
            "/async-default/plain",
            &[("origin", "https://db.example")]
        )
    );
    assert_eq!(header(&response, ACAO), Some("https://db.example"));
    assert_eq!(MIDDLEWARE_CHECKS.load(Ordering::SeqCst), before + 1);
    let response = send!(
        &service,
        request(
            "GET",
            "/async-default/plain",
            &[("origin", "https://evil.example")]
        )
    );
    assert!(header(&response, ACAO).is_none());
}

#[actix_web::test]
async fn env_origins_and_predicates() {
    let service = test::init_service(app()).await;
    for (origin, allowed) in [
        ("https://a.example", true),
        ("https://x.b.example", true),
        ("https://b.example", false),
        ("https://a.example.evil.com", false),
    ] {
        let response = send!(&service, request("GET", "/env", &[("origin", origin)]));
        assert_eq!(header(&response, ACAO).is_some(), allowed, "{origin}");
        assert_eq!(header(&response, ACAC).is_some(), allowed, "{origin}");
    }
    for (origin, allowed) in [
        ("https://tenant.example", true),
        ("https://static.example", true),
        ("https://tenant.example.evil.com", false),
    ] {
        let response = send!(
            &service,
            request("GET", "/predicate", &[("origin", origin)])
        );
        assert_eq!(header(&response, ACAO).is_some(), allowed, "{origin}");
    }
    let before = ASYNC_CALLS.load(Ordering::SeqCst);
    let response = send!(
        &service,
        request("GET", "/async", &[("origin", "https://from-db.example")])
    );
    assert_eq!(header(&response, ACAO), Some("https://from-db.example"));
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/async",
            &[
                ("origin", "https://from-db.example"),
                ("access-control-request-method", "PUT")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 204);
    let response = send!(
        &service,
        request(
            "OPTIONS",
            "/async",
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "PUT")
            ]
        )
    );
    assert_eq!(response.status().as_u16(), 403);
    assert!(ASYNC_CALLS.load(Ordering::SeqCst) >= before + 3);
}
