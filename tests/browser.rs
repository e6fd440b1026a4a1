//! Real-browser end-to-end suite: headless Chromium loads pages from several
//! origins and runs `fetch` against an API built from `#[cors]` handlers;
//! every assertion is on what the browser let the page read, not on the
//! headers the server sent.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); `.ci/run`
//! installs it. Without it the suite is skipped with one loud line, except
//! under `CI=true`, where a missing browser fails the run.
//!
//! How it works (see tests/browser/NOTES.md for what was measured): the API
//! and a page server bind to `127.0.0.1:0`; `--host-resolver-rules` maps
//! made-up names (`*.myapp.test`, `localhost:9000`) to them, so pages have
//! real, literal origins while the ports stay random. `--dump-dom` with a
//! `--virtual-time-budget` prints the page once its fetches are done.
//! Chromium 156 sends no private-network-access preflights (it asks a
//! permission instead), so `private_network` is covered by the header tests
//! in tests/answers.rs, not here.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use handler_cors::{cors, policy};

policy!(
    STRICT,
    origins = ["http://localhost"],
    methods = [GET, PUT],
    headers = ["authorization", "content-type"],
    expose_headers = ["x-total-count", "x-saw-cookie"],
    credentials,
);

fn items(headers: &HeaderMap) -> impl IntoResponse + use<> {
    let saw_cookie = headers
        .get_all("cookie")
        .iter()
        .any(|value| value.to_str().is_ok_and(|v| v.contains("sid=abc")));
    (
        [
            ("x-total-count", "2"),
            ("x-secret", "s3cret"),
            ("x-saw-cookie", if saw_cookie { "yes" } else { "no" }),
        ],
        "[]",
    )
}

#[cors(policy = STRICT)]
async fn strict_items(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[derive(serde::Deserialize)]
struct Item {
    #[allow(dead_code)]
    title: String,
}

/// Reached only with a well-formed body; the page sends a malformed one.
#[cors(policy = STRICT)]
async fn strict_json(axum::Json(_item): axum::Json<Item>) -> &'static str {
    "stored"
}

#[cors(policy = STRICT)]
async fn strict_login() -> impl IntoResponse {
    (
        [("set-cookie", "sid=abc; Path=/; HttpOnly; SameSite=Lax")],
        "ok",
    )
}

#[cors(origins = ["http://localhost"], expose_headers = ["x-total-count"])]
async fn nocred_items(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = any, expose_headers = ["x-total-count"])]
async fn open_items(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = ["http://*.myapp.test"], expose_headers = ["x-total-count"])]
async fn wild_items(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = ["http://ports.myapp.test:*"], expose_headers = ["x-total-count"])]
async fn ports_items(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = any, methods = [GET], expose_headers = ["x-total-count"])]
async fn list_comments(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = ["http://localhost"], methods = [PUT], headers = ["content-type"], expose_headers = ["x-total-count"], credentials)]
async fn put_comment(headers: HeaderMap) -> impl IntoResponse {
    items(&headers)
}

#[cors(origins = ["http://localhost"], methods = [PUT], headers = ["content-type"], max_age = 600)]
async fn cached() -> &'static str {
    "cached"
}

#[cors(origins = ["http://localhost"], methods = [PUT], headers = ["content-type"])]
async fn plain() -> &'static str {
    "plain"
}

#[cors(origins = ["http://localhost"], methods = [PUT], headers = ["content-type"], max_age = 0)]
async fn zero() -> &'static str {
    "zero"
}

#[cors(origins = any)]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(6)).await;
    "slow"
}

static FORMS_ARRIVED_LOCAL: AtomicUsize = AtomicUsize::new(0);
static FORMS_ARRIVED_OTHER: AtomicUsize = AtomicUsize::new(0);
static CSRF_ARRIVED_LOCAL: AtomicUsize = AtomicUsize::new(0);
static CSRF_ARRIVED_OTHER: AtomicUsize = AtomicUsize::new(0);
static CSRF_RUNS_LOCAL: AtomicUsize = AtomicUsize::new(0);
static CSRF_RUNS_OTHER: AtomicUsize = AtomicUsize::new(0);

fn from_localhost(headers: &HeaderMap) -> bool {
    headers
        .get("origin")
        .is_some_and(|origin| origin == "http://localhost")
}

/// Cross-origin request protection: only pages of `http://localhost` may
/// post here.
#[cors(origins = ["http://localhost"], methods = [POST], csrf)]
async fn csrf_comment(headers: HeaderMap, _body: String) -> &'static str {
    if from_localhost(&headers) {
        CSRF_RUNS_LOCAL.fetch_add(1, Ordering::SeqCst);
    } else {
        CSRF_RUNS_OTHER.fetch_add(1, Ordering::SeqCst);
    }
    "stored"
}

/// Counts the requests that reached the route, so a handler that did not
/// run is known to have been refused, not never sent.
async fn count_arrivals(request: Request, next: axum::middleware::Next) -> Response {
    let local = from_localhost(request.headers());
    let form = request
        .headers()
        .get("content-type")
        .is_some_and(|t| t == "application/x-www-form-urlencoded");
    let (arrived, forms) = if local {
        (&CSRF_ARRIVED_LOCAL, &FORMS_ARRIVED_LOCAL)
    } else {
        (&CSRF_ARRIVED_OTHER, &FORMS_ARRIVED_OTHER)
    };
    arrived.fetch_add(1, Ordering::SeqCst);
    let response = next.run(request).await;
    // Counted once answered, so when the page sees it, the handler (if it
    // ran) has counted its run too.
    if form {
        forms.fetch_add(1, Ordering::SeqCst);
    }
    response
}

/// How many forms reached `/csrf/comments` from the caller's origin.
#[cors(origins = any, methods = [GET])]
async fn forms_seen(headers: HeaderMap) -> String {
    let forms = if from_localhost(&headers) {
        &FORMS_ARRIVED_LOCAL
    } else {
        &FORMS_ARRIVED_OTHER
    };
    forms.load(Ordering::SeqCst).to_string()
}

static CACHED_PREFLIGHTS: AtomicUsize = AtomicUsize::new(0);
static PLAIN_PREFLIGHTS: AtomicUsize = AtomicUsize::new(0);
static ZERO_PREFLIGHTS: AtomicUsize = AtomicUsize::new(0);

async fn count_cached(request: Request) -> Response {
    CACHED_PREFLIGHTS.fetch_add(1, Ordering::SeqCst);
    cached::preflight.answer(request).await
}

async fn count_plain(request: Request) -> Response {
    PLAIN_PREFLIGHTS.fetch_add(1, Ordering::SeqCst);
    plain::preflight.answer(request).await
}

async fn count_zero(request: Request) -> Response {
    ZERO_PREFLIGHTS.fetch_add(1, Ordering::SeqCst);
    zero::preflight.answer(request).await
}

fn api() -> Router {
    Router::new()
        .route(
            "/strict/items",
            handler_cors::route!(get(strict_items).put(strict_items)),
        )
        .route("/strict/login", handler_cors::route!(get(strict_login)))
        .route("/strict/json", handler_cors::route!(put(strict_json)))
        .route("/nocred/items", handler_cors::route!(get(nocred_items)))
        .route("/open/items", handler_cors::route!(get(open_items)))
        .route("/wild/items", handler_cors::route!(get(wild_items)))
        .route("/ports/items", handler_cors::route!(get(ports_items)))
        .route(
            "/comments",
            handler_cors::route!(get(list_comments).put(put_comment)),
        )
        .route(
            "/cached/items",
            axum::routing::put(cached).options(count_cached),
        )
        .route(
            "/plain/items",
            axum::routing::put(plain).options(count_plain),
        )
        .route("/zero/items", axum::routing::put(zero).options(count_zero))
        .route("/slow", handler_cors::route!(get(slow)))
        .route(
            "/csrf/comments",
            handler_cors::route!(post(csrf_comment))
                .route_layer(axum::middleware::from_fn(count_arrivals)),
        )
        .route("/csrf/forms", handler_cors::route!(get(forms_seen)))
}

/// The page every origin loads; the API is reached as `localhost:9000`.
fn pages() -> Router {
    let page = include_str!("browser/page.html").replace("__API__", "http://localhost:9000");
    Router::new().fallback(get(move || {
        let page = page.clone();
        async move { Html(page) }
    }))
}

async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

/// Held while a test runs its browsers: on two cores, more than three
/// Chromiums at once do not finish their pages in time.
async fn browsers() -> tokio::sync::MutexGuard<'static, ()> {
    static BROWSERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    BROWSERS.lock().await
}

fn find_chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/lib/chromium/chromium",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

/// Loads `url` in a fresh headless Chromium and returns the result lines
/// the page wrote.
fn run_page(chromium: &Path, api: SocketAddr, page: SocketAddr, url: &str) -> Vec<String> {
    let profile = std::env::temp_dir().join(format!(
        "handler-cors-browser-{}-{}",
        std::process::id(),
        url.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let rules = format!(
        "MAP localhost:9000 {api}, MAP localhost {page}, MAP *.myapp.test {page}, MAP myapp.test {page}, MAP *.evil.test {page}"
    );
    let output = Command::new("timeout")
        .arg("90")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--log-level=3",
            "--virtual-time-budget=30000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--host-resolver-rules={rules}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium starts");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(
        dom.contains("<title>done</title>"),
        "{url}: the page did not finish (status {:?})\nstdout: {dom}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let results = dom
        .split("<pre id=\"results\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_default();
    results.lines().map(str::to_owned).collect()
}

/// What the page should read from `origin` (main group).
fn expected(origin: &str) -> Vec<String> {
    let strict = origin == "http://localhost";
    let wild = matches!(
        origin,
        "http://a.myapp.test" | "http://a.b.myapp.test" | "http://ports.myapp.test"
    );
    let ports = matches!(
        origin,
        "http://ports.myapp.test" | "http://ports.myapp.test:8081"
    );
    let read_or_blocked = |allowed: bool, read: &str| {
        if allowed {
            read.to_owned()
        } else {
            "blocked".to_owned()
        }
    };
    let mut lines = vec![format!("origin: {origin}")];
    for (name, outcome) in [
        (
            "get-simple",
            read_or_blocked(strict, "read 200 x-total-count=2 x-secret=null"),
        ),
        ("login", read_or_blocked(strict, "read 200")),
        (
            "get-cred",
            read_or_blocked(strict, "read 200 x-total-count=2 x-saw-cookie=yes"),
        ),
        (
            "put-json",
            read_or_blocked(strict, "read 200 x-total-count=2"),
        ),
        ("put-bad-header", "blocked".to_owned()),
        ("delete", "blocked".to_owned()),
        (
            "nocred-omit",
            read_or_blocked(strict, "read 200 x-total-count=2"),
        ),
        ("nocred-include", "blocked".to_owned()),
        ("open-omit", "read 200 x-total-count=2".to_owned()),
        ("open-include", "blocked".to_owned()),
        ("wild", read_or_blocked(wild, "read 200 x-total-count=2")),
        ("ports", read_or_blocked(ports, "read 200 x-total-count=2")),
        ("put-bad-json", read_or_blocked(strict, "read 400")),
        ("comments-get", "read 200 x-total-count=2".to_owned()),
        (
            "comments-put",
            read_or_blocked(strict, "read 200 x-total-count=2"),
        ),
    ] {
        lines.push(format!("{name}: {outcome}"));
    }
    lines.push("end".to_owned());
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_enforces_our_answers() {
    let api = serve(api()).await;
    enforce(api, "axum").await;
}

/// The same pages against the same API served by actix-web.
#[cfg(feature = "actix-web")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_enforces_our_answers_on_actix_web() {
    let api = actix_api::serve();
    enforce(api, "actix-web").await;
}

/// Loads the page from every origin against the API at `api` and compares
/// what the browser let each page read with [`expected`].
async fn enforce(api: SocketAddr, framework: &str) {
    let _one_suite_at_a_time = browsers().await;
    let Some(chromium) = find_chromium() else {
        let message = "SKIPPED browser suite: Chromium not found; install it with `apt-get install -y chromium`";
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!("{message} (CI=true: a missing browser fails the run)");
        }
        eprintln!(
            "\n=====================================================================\n{message}\n=====================================================================\n"
        );
        return;
    };
    let page = serve(pages()).await;
    let page_port = page.port();

    // One allowed origin, a refused one, subdomains one and two labels deep,
    // the bare domain, a look-alike, and the port-wildcard host.
    let origins: Vec<(String, String)> = [
        "http://localhost".to_owned(),
        format!("http://127.0.0.1:{page_port}"),
        "http://a.myapp.test".to_owned(),
        "http://a.b.myapp.test".to_owned(),
        "http://myapp.test".to_owned(),
        "http://myapp.test.evil.test".to_owned(),
        "http://ports.myapp.test".to_owned(),
        "http://ports.myapp.test:8081".to_owned(),
        "http://other.myapp.test:8081".to_owned(),
    ]
    .into_iter()
    .map(|origin| {
        let url = format!("{origin}/");
        (origin, url)
    })
    .collect();

    let chromium_for_pages = chromium.clone();
    let results = tokio::task::spawn_blocking(move || {
        let mut results = Vec::new();
        // Three browsers at a time: fast enough, and gentle on two cores.
        for chunk in origins.chunks(3) {
            let handles: Vec<_> = chunk
                .iter()
                .cloned()
                .map(|(origin, url)| {
                    let chromium = chromium_for_pages.clone();
                    std::thread::spawn(move || (origin, run_page(&chromium, api, page, &url)))
                })
                .collect();
            results.extend(
                handles
                    .into_iter()
                    .map(|h| h.join().expect("browser thread")),
            );
        }
        results
    })
    .await
    .unwrap();

    let mut failures = Vec::new();
    for (origin, lines) in &results {
        let want = expected(origin);
        if *lines != want {
            failures.push(format!(
                "from {origin}:\n  got:  {lines:?}\n  want: {want:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the browser disagrees ({framework}):\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_caches_preflights_for_max_age() {
    let Some(chromium) = find_chromium() else {
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!("Chromium not found and CI=true: install it with `apt-get install -y chromium`");
        }
        eprintln!(
            "SKIPPED preflight cache test: Chromium not found; `apt-get install -y chromium`"
        );
        return;
    };
    let _one_suite_at_a_time = browsers().await;
    let api = serve(api()).await;
    let page = serve(pages()).await;
    let lines = tokio::task::spawn_blocking(move || {
        run_page(&chromium, api, page, "http://localhost/?groups=cache")
    })
    .await
    .unwrap();
    assert!(
        lines
            .iter()
            .filter(|line| line.contains(": read 200"))
            .count()
            == 9,
        "every cache case should be readable: {lines:?}"
    );
    // Two identical PUTs, a 6 s pause (longer than Chromium's 5 s default),
    // then a third: max_age = 600 keeps the first preflight for all three.
    assert_eq!(CACHED_PREFLIGHTS.load(Ordering::SeqCst), 1, "max_age = 600");
    assert_eq!(
        PLAIN_PREFLIGHTS.load(Ordering::SeqCst),
        2,
        "no max_age: Chromium's 5 s default"
    );
    assert_eq!(
        ZERO_PREFLIGHTS.load(Ordering::SeqCst),
        2,
        "max_age = 0: not cached"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_cross_site_forms_are_refused_and_allowed_pages_post() {
    let Some(chromium) = find_chromium() else {
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!("Chromium not found and CI=true: install it with `apt-get install -y chromium`");
        }
        eprintln!("SKIPPED csrf browser test: Chromium not found; `apt-get install -y chromium`");
        return;
    };
    let api = serve(api()).await;
    let page = serve(pages()).await;
    let (allowed, refused) = tokio::task::spawn_blocking(move || {
        (
            run_page(&chromium, api, page, "http://localhost/?groups=csrf"),
            run_page(
                &chromium,
                api,
                page,
                "http://myapp.test.evil.test/?groups=csrf",
            ),
        )
    })
    .await
    .unwrap();
    eprintln!(
        "csrf arrivals: localhost {} (ran {}), other {} (ran {})",
        CSRF_ARRIVED_LOCAL.load(Ordering::SeqCst),
        CSRF_RUNS_LOCAL.load(Ordering::SeqCst),
        CSRF_ARRIVED_OTHER.load(Ordering::SeqCst),
        CSRF_RUNS_OTHER.load(Ordering::SeqCst)
    );
    assert_eq!(
        allowed,
        [
            "origin: http://localhost",
            "text-post: read 200",
            "form-post: submitted",
            "end"
        ],
        "the allowed page"
    );
    assert_eq!(
        refused,
        [
            "origin: http://myapp.test.evil.test",
            "text-post: blocked",
            "form-post: submitted",
            "end"
        ],
        "the other site's page"
    );
    assert_eq!(CSRF_ARRIVED_LOCAL.load(Ordering::SeqCst), 2);
    assert_eq!(
        CSRF_RUNS_LOCAL.load(Ordering::SeqCst),
        2,
        "the allowed page's fetch and form reach the handler"
    );
    assert_eq!(
        CSRF_ARRIVED_OTHER.load(Ordering::SeqCst),
        2,
        "the browser did send the other site's fetch and form"
    );
    assert_eq!(
        CSRF_RUNS_OTHER.load(Ordering::SeqCst),
        0,
        "no request of the other site reached the handler"
    );
}

/// The main group's API on actix-web: the same paths and policies.
#[cfg(feature = "actix-web")]
mod actix_api {
    use std::net::SocketAddr;

    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    use handler_cors::{cors, resource};

    use super::{Item, STRICT};

    fn items(request: &HttpRequest) -> HttpResponse {
        let saw_cookie = request
            .headers()
            .get_all("cookie")
            .any(|value| value.to_str().is_ok_and(|v| v.contains("sid=abc")));
        HttpResponse::Ok()
            .insert_header(("x-total-count", "2"))
            .insert_header(("x-secret", "s3cret"))
            .insert_header(("x-saw-cookie", if saw_cookie { "yes" } else { "no" }))
            .body("[]")
    }

    #[cors(policy = STRICT)]
    async fn strict_items(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(policy = STRICT)]
    async fn strict_json(web::Json(_item): web::Json<Item>) -> &'static str {
        "stored"
    }

    #[cors(policy = STRICT)]
    async fn strict_login() -> HttpResponse {
        HttpResponse::Ok()
            .insert_header(("set-cookie", "sid=abc; Path=/; HttpOnly; SameSite=Lax"))
            .body("ok")
    }

    #[cors(origins = ["http://localhost"], expose_headers = ["x-total-count"])]
    async fn nocred_items(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(origins = any, expose_headers = ["x-total-count"])]
    async fn open_items(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(origins = ["http://*.myapp.test"], expose_headers = ["x-total-count"])]
    async fn wild_items(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(origins = ["http://ports.myapp.test:*"], expose_headers = ["x-total-count"])]
    async fn ports_items(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(origins = any, methods = [GET], expose_headers = ["x-total-count"])]
    async fn list_comments(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    #[cors(origins = ["http://localhost"], methods = [PUT], headers = ["content-type"], expose_headers = ["x-total-count"], credentials)]
    async fn put_comment(request: HttpRequest) -> HttpResponse {
        items(&request)
    }

    /// Starts the API on its own thread and actix runtime; returns its address.
    pub fn serve() -> SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(|| {
                    App::new()
                        .service(resource!(
                            "/strict/items",
                            get(strict_items).put(strict_items)
                        ))
                        .service(resource!("/strict/login", get(strict_login)))
                        .service(resource!("/strict/json", put(strict_json)))
                        .service(resource!("/nocred/items", get(nocred_items)))
                        .service(resource!("/open/items", get(open_items)))
                        .service(resource!("/wild/items", get(wild_items)))
                        .service(resource!("/ports/items", get(ports_items)))
                        .service(resource!("/comments", get(list_comments).put(put_comment)))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
            });
        });
        address
    }
}
