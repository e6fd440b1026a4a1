//! Hostile `Origin` values, each labelled with the misconfiguration class it
//! probes, sent through a real axum `Router` to one handler per policy form.
//! Not one of them may be granted where the policy does not name it.
//!
//! * `ATTACKS` is refused by every policy that lists its origins (exact,
//!   `*.` wildcard, `:*` port wildcard, regex, with and without
//!   credentials). Values a policy form refuses although another form
//!   admits them (`https://a.b.preview.myapp.com` is a subdomain of
//!   `myapp.com`) sit in the per-policy `*_ONLY` tables.
//! * `origins = any` without credentials answers `*` to an `Origin` that is
//!   one header line of printable ASCII (tab included, as `http` reads it)
//!   of at most `MAX_ORIGIN_LEN` bytes, and refuses every other one. Never
//!   an echo, never `Access-Control-Allow-Credentials`.
//! * `origins = any` with credentials does not compile:
//!   `tests/ui/fail/any_with_credentials.rs`.
//!
//! Values `http` cannot carry as a header value (CR, LF, NUL, DEL and the
//! other control bytes but tab) are skipped for the HTTP requests and
//! counted; the policies are still asked about them directly through
//! `POLICY.allows_origin`.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;
use cors_rules::origin::MAX_ORIGIN_LEN;
use handler_cors::{Policy, cors};
use tower::ServiceExt;

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

// The misconfiguration classes. The first seventeen are the ones issue 7
// names; `the_table_is_large_and_covers_every_class` checks each appears.
const SUFFIX: &str = "suffix match";
const PREFIX: &str = "prefix match";
const UNESCAPED_DOT: &str = "unescaped dot";
const SCHEME_DOWNGRADE: &str = "scheme downgrade";
const OTHER_PORT: &str = "other port";
const NULL: &str = "null origin";
const USERINFO: &str = "userinfo";
const PERCENT: &str = "percent-encoding";
const TRAILING_DOT: &str = "trailing dot";
const UPPERCASE: &str = "uppercase";
const UNICODE: &str = "unicode homoglyph";
const PUNYCODE: &str = "punycode look-alike";
const COMMA_LIST: &str = "comma-joined list";
const SPACE_LIST: &str = "space-joined list";
const CONTROL: &str = "control character";
const OVERSIZED: &str = "oversized";
const SEVERAL: &str = "several Origin headers";
// Further classes.
const SCHEME_MISMATCH: &str = "other scheme";
const PATH: &str = "path, query or fragment";
const BACKSLASH: &str = "backslash";
const WILDCARD: &str = "wildcard literal";
const BLANK: &str = "empty or whitespace-padded";
const IP: &str = "IP address form";
const REGEX_BYPASS: &str = "regex bypass";
const UNLISTED: &str = "unlisted subdomain or host";

const REQUIRED_CLASSES: &[&str] = &[
    SUFFIX,
    PREFIX,
    UNESCAPED_DOT,
    SCHEME_DOWNGRADE,
    OTHER_PORT,
    NULL,
    USERINFO,
    PERCENT,
    TRAILING_DOT,
    UPPERCASE,
    UNICODE,
    PUNYCODE,
    COMMA_LIST,
    SPACE_LIST,
    CONTROL,
    OVERSIZED,
    SEVERAL,
];

/// Refused by every policy below that lists its origins.
const ATTACKS: &[(&str, &str)] = &[
    // The allowed name as the end of another name.
    ("https://evilmyapp.com", SUFFIX),
    ("https://notmyapp.com", SUFFIX),
    ("https://evil-myapp.com", SUFFIX),
    ("http://evillocalhost:3000", SUFFIX),
    // The allowed name as the start of another name.
    ("https://myapp.com.evil.com", PREFIX),
    ("https://www.myapp.com.evil.com", PREFIX),
    ("https://myapp.company", PREFIX),
    ("https://myapp.com-evil.com", PREFIX),
    ("http://localhost.evil.com:3000", PREFIX),
    // What `www.myapp.com` or `[a-z0-9-]+.preview.myapp.com` would also
    // match had a dot been left unescaped in a regex.
    ("https://wwwxmyapp.com", UNESCAPED_DOT),
    ("https://www.myappxcom", UNESCAPED_DOT),
    ("https://myappxcom", UNESCAPED_DOT),
    ("https://a.previewxmyapp.com", UNESCAPED_DOT),
    ("https://a.preview.myappxcom", UNESCAPED_DOT),
    ("https://axpreviewxmyappxcom", UNESCAPED_DOT),
    // Plain http for an https origin: anyone on the network path can be it.
    ("http://myapp.com", SCHEME_DOWNGRADE),
    ("http://www.myapp.com", SCHEME_DOWNGRADE),
    ("http://a.myapp.com", SCHEME_DOWNGRADE),
    ("http://pr-1.preview.myapp.com", SCHEME_DOWNGRADE),
    ("ws://myapp.com", SCHEME_DOWNGRADE),
    // Another scheme altogether.
    ("https://localhost:3000", SCHEME_MISMATCH),
    ("wss://myapp.com", SCHEME_MISMATCH),
    ("file://", SCHEME_MISMATCH),
    ("file:///etc/passwd", SCHEME_MISMATCH),
    (
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        SCHEME_MISMATCH,
    ),
    ("javascript://myapp.com", SCHEME_MISMATCH),
    // Another port, or the right one spelt as browsers never send it.
    ("https://myapp.com:8443", OTHER_PORT),
    ("https://www.myapp.com:8443", OTHER_PORT),
    ("https://a.myapp.com:8443", OTHER_PORT),
    ("https://pr-1.preview.myapp.com:8443", OTHER_PORT),
    ("https://myapp.com:443", OTHER_PORT),
    ("http://localhost:80", OTHER_PORT),
    ("http://localhost:03000", OTHER_PORT),
    ("http://localhost:99999", OTHER_PORT),
    ("http://localhost:0", OTHER_PORT),
    ("http://localhost:", OTHER_PORT),
    ("http://localhost:+3000", OTHER_PORT),
    // The opaque origin: sandboxed iframes, `file:` pages, redirects.
    ("null", NULL),
    ("NULL", NULL),
    // User information in front of, or after, the allowed host.
    ("https://myapp.com@evil.com", USERINFO),
    ("https://evil.com@myapp.com", USERINFO),
    ("https://user:pass@myapp.com", USERINFO),
    ("https://evil.com@a.myapp.com", USERINFO),
    ("http://evil.com@localhost:3000", USERINFO),
    ("http://localhost:3000@evil.com", USERINFO),
    ("https://@myapp.com", USERINFO),
    // Percent-encoded host characters, which a URL parser would decode.
    ("https://myapp%2ecom", PERCENT),
    ("https://www%2emyapp.com", PERCENT),
    ("https://%6dyapp.com", PERCENT),
    ("https://myapp.com%2f", PERCENT),
    ("https://a%2epreview.myapp.com", PERCENT),
    ("http://localhost%3a3000", PERCENT),
    // The fully qualified spelling, which browsers do not send.
    ("https://myapp.com.", TRAILING_DOT),
    ("https://www.myapp.com.", TRAILING_DOT),
    ("https://a.myapp.com.", TRAILING_DOT),
    ("https://pr-1.preview.myapp.com.", TRAILING_DOT),
    ("http://localhost.:3000", TRAILING_DOT),
    // Uppercase: browsers send lowercase, so this was not a browser.
    ("https://MYAPP.com", UPPERCASE),
    ("HTTPS://myapp.com", UPPERCASE),
    ("Https://www.myapp.com", UPPERCASE),
    ("https://A.myapp.com", UPPERCASE),
    ("https://PR-1.preview.myapp.com", UPPERCASE),
    ("http://LOCALHOST:3000", UPPERCASE),
    // Unicode look-alikes, sent as UTF-8 bytes.
    ("https://my\u{430}pp.com", UNICODE),
    ("https://www.my\u{430}pp.com", UNICODE),
    ("https://\u{430}.myapp.com", UNICODE),
    ("https://myapp\u{3002}com", UNICODE),
    ("https://myapp\u{ff0e}com", UNICODE),
    ("https://myapp.com\u{200b}", UNICODE),
    ("http://l\u{43e}calhost:3000", UNICODE),
    // Punycode of look-alikes: `myаpp` and `lоcalhost` with a Cyrillic
    // letter, and the well-known `аррӏе`.
    ("https://xn--mypp-63d.com", PUNYCODE),
    ("https://www.xn--mypp-63d.com", PUNYCODE),
    ("https://xn--80ak6aa92e.com", PUNYCODE),
    ("http://xn--lcalhost-nbh:3000", PUNYCODE),
    // A list where one origin is expected.
    ("https://myapp.com, https://evil.com", COMMA_LIST),
    ("https://myapp.com,https://evil.com", COMMA_LIST),
    ("https://evil.com,https://myapp.com", COMMA_LIST),
    ("https://a.myapp.com,https://evil.com", COMMA_LIST),
    ("http://localhost:3000,http://evil.com", COMMA_LIST),
    ("https://myapp.com https://evil.com", SPACE_LIST),
    ("https://evil.com https://myapp.com", SPACE_LIST),
    (
        "https://pr-1.preview.myapp.com https://evil.com",
        SPACE_LIST,
    ),
    // Control characters. Only tab can be a header value; the others are
    // skipped for HTTP and checked against the policies directly.
    ("https://myapp.com\t", CONTROL),
    ("\thttps://myapp.com", CONTROL),
    ("https://my\tapp.com", CONTROL),
    ("https://myapp.com\r", CONTROL),
    ("https://myapp.com\n", CONTROL),
    ("https://myapp.com\0", CONTROL),
    ("https://myapp.com\x7f", CONTROL),
    ("https://myapp.com\x0b", CONTROL),
    ("https://my\x08app.com", CONTROL),
    ("https://a.preview.myapp.com\nhttps://evil.com", CONTROL),
    // More than scheme, host and port.
    ("https://myapp.com/", PATH),
    ("https://myapp.com/app", PATH),
    ("https://myapp.com?x", PATH),
    ("https://myapp.com#x", PATH),
    ("https://evil.com/.myapp.com", PATH),
    ("https://evil.com?.myapp.com", PATH),
    ("https://evil.com#.myapp.com", PATH),
    ("https://a.preview.myapp.com/", PATH),
    ("http://localhost:3000/", PATH),
    // URL parsers read `\` as `/` in http(s) URLs.
    ("https://myapp.com\\evil.com", BACKSLASH),
    ("https://evil.com\\.myapp.com", BACKSLASH),
    ("https://evil.com\\@myapp.com", BACKSLASH),
    ("https:\\\\myapp.com", BACKSLASH),
    // The configuration's own wildcard syntax, sent as an origin.
    ("*", WILDCARD),
    ("https://*", WILDCARD),
    ("https://*.myapp.com", WILDCARD),
    ("https://*.preview.myapp.com", WILDCARD),
    ("http://localhost:*", WILDCARD),
    // Nothing, or the allowed origin padded with spaces.
    ("", BLANK),
    (" ", BLANK),
    (" https://myapp.com", BLANK),
    ("https://myapp.com ", BLANK),
    ("https:// myapp.com", BLANK),
    // Loopback and private addresses that are not `localhost`.
    ("http://127.0.0.1:3000", IP),
    ("http://[::1]:3000", IP),
    ("http://0.0.0.0:3000", IP),
    ("http://2130706433:3000", IP),
    ("http://0x7f000001:3000", IP),
    ("http://127.1:3000", IP),
    ("http://[::ffff:127.0.0.1]:3000", IP),
    ("https://192.168.0.1", IP),
    // Near misses of `^https://[a-z0-9-]+\.preview\.myapp\.com$` that no
    // other policy admits either.
    ("https://a.preview.myapp.com.evil.com", REGEX_BYPASS),
    ("https://.preview.myapp.com", REGEX_BYPASS),
    ("https://a..preview.myapp.com", REGEX_BYPASS),
    ("https://a_b.preview.myapp.com", REGEX_BYPASS),
    ("https://evil.com#a.preview.myapp.com", REGEX_BYPASS),
    // A name under an exact host.
    ("http://app.localhost:3000", UNLISTED),
];

/// Several `Origin` lines in one request, each allowed on its own by some
/// policy: refused whatever the policy, `any` included.
const SEVERAL_ORIGIN_HEADERS: &[&[&str]] = &[
    &["https://myapp.com", "https://evil.com"],
    &["https://evil.com", "https://myapp.com"],
    &["https://myapp.com", "https://myapp.com"],
    &["https://www.myapp.com", "https://myapp.com"],
    &["https://a.myapp.com", "https://b.myapp.com"],
    &["http://localhost:3000", "http://localhost:3001"],
    &["https://pr-1.preview.myapp.com", "https://evil.com"],
    &["null", "https://myapp.com"],
];

/// Values too big to write out: built at run time.
fn oversized_attacks() -> Vec<(String, &'static str)> {
    let label_63 = format!("{}.", "a".repeat(63));
    vec![
        // 10 KB in one label.
        (
            format!("https://{}.myapp.com", "a".repeat(10 * 1024)),
            OVERSIZED,
        ),
        // 10 KB of one-letter labels under `myapp.com`: a suffix test alone
        // would take it for a subdomain.
        (
            format!("https://{}myapp.com", "a.".repeat(5 * 1024)),
            OVERSIZED,
        ),
        // One byte over the bound, and exactly at it (with a label longer
        // than DNS allows).
        (origin_of_length(MAX_ORIGIN_LEN + 1), OVERSIZED),
        (origin_of_length(MAX_ORIGIN_LEN), OVERSIZED),
        // Under the byte bound, but a host longer than 253 bytes built from
        // valid 63-byte labels.
        (
            format!("https://{}myapp.com", label_63.repeat(4)),
            OVERSIZED,
        ),
    ]
}

/// `https://aaa...a.myapp.com`, exactly `len` bytes long.
fn origin_of_length(len: usize) -> String {
    let fixed = "https://".len() + ".myapp.com".len();
    let origin = format!("https://{}.myapp.com", "a".repeat(len - fixed));
    assert_eq!(origin.len(), len);
    origin
}

/// Refused by the exact list, admitted by the `*.myapp.com` wildcard.
const EXACT_ONLY: &[(&str, &str)] = &[
    ("https://api.myapp.com", UNLISTED),
    ("https://www.www.myapp.com", UNLISTED),
    ("https://wwwx.myapp.com", UNESCAPED_DOT),
    ("https://pr-1.preview.myapp.com", UNLISTED),
    ("http://localhost:3000", UNLISTED),
];

/// Refused by `*.myapp.com`, admitted by the exact list.
const WILDCARD_ONLY: &[(&str, &str)] = &[
    ("https://myapp.com", UNLISTED),
    ("http://localhost:3000", UNLISTED),
];

/// Refused by `http://localhost:*`, admitted by the others.
const PORT_ONLY: &[(&str, &str)] = &[
    ("https://myapp.com", UNLISTED),
    ("https://a.myapp.com", UNLISTED),
];

/// Refused by the preview regex, admitted by `*.myapp.com`.
const REGEX_ONLY: &[(&str, &str)] = &[
    ("https://a.b.preview.myapp.com", REGEX_BYPASS),
    ("https://preview.myapp.com", REGEX_BYPASS),
    ("https://pr-1.preview.myapp.com.myapp.com", REGEX_BYPASS),
    ("https://apixpreview.myapp.com", UNESCAPED_DOT),
    ("https://a.myapp.com", UNLISTED),
    ("https://myapp.com", UNLISTED),
];

/// Exact origins.
#[cors(origins = ["https://myapp.com", "https://www.myapp.com"], methods = [GET])]
async fn exact() -> &'static str {
    "exact"
}

/// Every subdomain of `myapp.com`.
#[cors(origins = ["https://*.myapp.com"], methods = [GET])]
async fn subdomains() -> &'static str {
    "subdomains"
}

/// Every port of `http://localhost`.
#[cors(origins = ["http://localhost:*"], methods = [GET])]
async fn local_ports() -> &'static str {
    "local ports"
}

/// Preview deployments, by regex.
#[cors(origins = [regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")], methods = [GET])]
async fn previews() -> &'static str {
    "previews"
}

/// Every origin, answered with `*`.
#[cors(origins = any, methods = [GET])]
async fn public() -> &'static str {
    "public"
}

/// Exact origins, with credentials.
#[cors(origins = ["https://myapp.com", "https://www.myapp.com"], methods = [GET], credentials)]
async fn account() -> &'static str {
    "account"
}

/// Every list form at once, with credentials.
#[cors(
    origins = [
        "https://myapp.com",
        "https://*.myapp.com",
        "http://localhost:*",
        regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$"),
    ],
    methods = [GET],
    credentials,
)]
async fn everything() -> &'static str {
    "everything"
}

fn app() -> Router {
    Router::new()
        .route("/exact", handler_cors::route!(get(exact)))
        .route("/subdomains", handler_cors::route!(get(subdomains)))
        .route("/local-ports", handler_cors::route!(get(local_ports)))
        .route("/previews", handler_cors::route!(get(previews)))
        .route("/public", handler_cors::route!(get(public)))
        .route("/account", handler_cors::route!(get(account)))
        .route("/everything", handler_cors::route!(get(everything)))
}

async fn send(request: Request<Body>) -> Response {
    let response = app().oneshot(request).await.unwrap();
    assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    response
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

fn vary_names_origin(headers: &HeaderMap) -> bool {
    vary(headers).iter().any(|line| {
        line.split(',')
            .any(|name| name.trim().eq_ignore_ascii_case("origin"))
    })
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}

/// A value for messages: escaped, and cut short when it is long.
fn shown(value: &str) -> String {
    if value.len() <= 100 {
        format!("{value:?}")
    } else {
        let start: String = value.chars().take(60).collect();
        format!("{start:?}... ({} bytes)", value.len())
    }
}

/// One hostile request: the `Origin` line(s) it carries and what it probes.
struct Attack {
    shown: String,
    class: &'static str,
    origins: Vec<HeaderValue>,
}

impl Attack {
    fn request(&self, method: Method, path: &str) -> Request<Body> {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let headers = request.headers_mut();
        for origin in &self.origins {
            headers.append(header::ORIGIN, origin.clone());
        }
        if method == Method::OPTIONS {
            headers.insert(
                "access-control-request-method",
                HeaderValue::from_static("GET"),
            );
        }
        request
    }

    /// What `origins = any` without credentials answers: `*` for a single
    /// `Origin` line of printable ASCII (or tab) within the length bound.
    fn any_answers_star(&self) -> bool {
        match self.origins.as_slice() {
            [only] => {
                let bytes = only.as_bytes();
                !bytes.is_empty()
                    && bytes.len() <= MAX_ORIGIN_LEN
                    && bytes
                        .iter()
                        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
            }
            _ => false,
        }
    }
}

/// Every hostile request that can be sent over HTTP, and how many table
/// entries could not be (bytes no header value may hold).
fn hostile_requests(extra: &[(&'static str, &'static str)]) -> (Vec<Attack>, usize) {
    let mut attacks = Vec::new();
    let mut skipped = 0;
    for &(value, class) in ATTACKS.iter().chain(extra) {
        match HeaderValue::from_bytes(value.as_bytes()) {
            Ok(origin) => attacks.push(Attack {
                shown: shown(value),
                class,
                origins: vec![origin],
            }),
            Err(_) => skipped += 1,
        }
    }
    for (value, class) in oversized_attacks() {
        attacks.push(Attack {
            shown: shown(&value),
            class,
            origins: vec![HeaderValue::from_str(&value).unwrap()],
        });
    }
    for values in SEVERAL_ORIGIN_HEADERS {
        attacks.push(Attack {
            shown: format!("{values:?}"),
            class: SEVERAL,
            origins: values
                .iter()
                .map(|value| HeaderValue::from_str(value).unwrap())
                .collect(),
        });
    }
    (attacks, skipped)
}

/// A policy that lists its origins: every attack, sendable or not, is
/// refused by the policy itself; every sendable one gets a `200` without
/// `Access-Control-*` headers but with `Vary: Origin`, and its preflight a
/// `403` without them.
async fn assert_refuses_every_attack(
    path: &str,
    policy: &Policy,
    extra: &[(&'static str, &'static str)],
) {
    for &(value, class) in ATTACKS.iter().chain(extra) {
        assert!(
            !policy.allows_origin(value),
            "{path}: the policy allows {} ({class})",
            shown(value)
        );
    }
    for (value, class) in oversized_attacks() {
        assert!(
            !policy.allows_origin(&value),
            "{path}: the policy allows {} ({class})",
            shown(&value)
        );
    }

    let (attacks, skipped) = hostile_requests(extra);
    assert!(
        attacks.len() >= 40,
        "{path}: only {} hostile requests",
        attacks.len()
    );
    eprintln!(
        "{path}: {} hostile requests sent, {skipped} table entries cannot be header values",
        attacks.len()
    );
    for attack in &attacks {
        let context = format!("{path}: Origin {} ({})", attack.shown, attack.class);

        let response = send(attack.request(Method::GET, path)).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {context}");
        assert!(
            cors_headers(response.headers()).is_empty(),
            "GET {context}: {:?}",
            response.headers()
        );
        assert!(
            vary_names_origin(response.headers()),
            "GET {context}: no `Vary: Origin` in {:?}",
            response.headers()
        );

        let response = send(attack.request(Method::OPTIONS, path)).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "preflight {context}"
        );
        assert!(
            cors_headers(response.headers()).is_empty(),
            "preflight {context}: {:?}",
            response.headers()
        );
        assert_eq!(
            vary(response.headers()),
            [PREFLIGHT_VARY],
            "preflight {context}"
        );
    }
}

/// An origin the policy names: echoed byte for byte, on the actual request
/// and on the preflight, with credentials when configured.
async fn assert_allows(path: &str, origin: &'static str, credentials: bool) {
    let attack = Attack {
        shown: shown(origin),
        class: "allowed",
        origins: vec![HeaderValue::from_static(origin)],
    };
    let expected_credentials = credentials.then_some("true");

    let response = send(attack.request(Method::GET, path)).await;
    let headers = response.headers();
    assert_eq!(response.status(), StatusCode::OK, "{path}: GET {origin}");
    assert_eq!(
        header_text(headers, ACAO),
        Some(origin),
        "{path}: GET {origin}"
    );
    assert_eq!(
        header_text(headers, ACAC),
        expected_credentials,
        "{path}: GET {origin}"
    );
    assert!(
        vary_names_origin(headers),
        "{path}: GET {origin}: {headers:?}"
    );

    let response = send(attack.request(Method::OPTIONS, path)).await;
    let headers = response.headers();
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "{path}: preflight {origin}"
    );
    assert_eq!(
        header_text(headers, ACAO),
        Some(origin),
        "{path}: preflight {origin}"
    );
    assert_eq!(
        header_text(headers, ACAC),
        expected_credentials,
        "{path}: preflight {origin}"
    );
}

#[tokio::test]
async fn exact_list_refuses_every_attack() {
    for origin in ["https://myapp.com", "https://www.myapp.com"] {
        assert_allows("/exact", origin, false).await;
    }
    assert_refuses_every_attack("/exact", exact::POLICY, EXACT_ONLY).await;
}

#[tokio::test]
async fn subdomain_wildcard_refuses_every_attack() {
    for origin in [
        "https://a.myapp.com",
        "https://www.myapp.com",
        "https://a.b.myapp.com",
        "https://xn--80ak6aa92e.myapp.com",
        "https://pr-1.preview.myapp.com",
    ] {
        assert_allows("/subdomains", origin, false).await;
    }
    assert_refuses_every_attack("/subdomains", subdomains::POLICY, WILDCARD_ONLY).await;
}

#[tokio::test]
async fn port_wildcard_refuses_every_attack() {
    for origin in [
        "http://localhost",
        "http://localhost:3000",
        "http://localhost:65535",
    ] {
        assert_allows("/local-ports", origin, false).await;
    }
    assert_refuses_every_attack("/local-ports", local_ports::POLICY, PORT_ONLY).await;
}

#[tokio::test]
async fn regex_refuses_every_attack() {
    for origin in [
        "https://pr-12.preview.myapp.com",
        "https://a.preview.myapp.com",
        "https://0.preview.myapp.com",
    ] {
        assert_allows("/previews", origin, false).await;
    }
    assert_refuses_every_attack("/previews", previews::POLICY, REGEX_ONLY).await;
}

#[tokio::test]
async fn credentialed_exact_list_refuses_every_attack() {
    for origin in ["https://myapp.com", "https://www.myapp.com"] {
        assert_allows("/account", origin, true).await;
    }
    assert_refuses_every_attack("/account", account::POLICY, EXACT_ONLY).await;
}

#[tokio::test]
async fn credentialed_mix_of_every_form_refuses_every_attack() {
    for origin in [
        "https://myapp.com",
        "https://a.myapp.com",
        "http://localhost:5173",
        "https://pr-7.preview.myapp.com",
    ] {
        assert_allows("/everything", origin, true).await;
    }
    assert_refuses_every_attack("/everything", everything::POLICY, &[]).await;
}

#[tokio::test]
async fn any_answers_star_or_nothing_never_an_echo() {
    for origin in ["https://anyone.example", "https://myapp.com"] {
        let response = send(get_with_origin("/public", origin)).await;
        assert_eq!(header_text(response.headers(), ACAO), Some("*"), "{origin}");
        assert_eq!(header_text(response.headers(), ACAC), None, "{origin}");
    }

    let (attacks, skipped) = hostile_requests(&[]);
    eprintln!(
        "/public: {} hostile requests sent, {skipped} table entries cannot be header values",
        attacks.len()
    );
    let mut stars = 0;
    let mut refusals = 0;
    for attack in &attacks {
        let context = format!("/public: Origin {} ({})", attack.shown, attack.class);
        let star = attack.any_answers_star();
        if star {
            stars += 1;
        } else {
            refusals += 1;
        }

        let response = send(attack.request(Method::GET, "/public")).await;
        let headers = response.headers();
        assert_eq!(response.status(), StatusCode::OK, "GET {context}");
        assert_eq!(header_text(headers, ACAC), None, "GET {context}");
        if star {
            assert_eq!(header_text(headers, ACAO), Some("*"), "GET {context}");
        } else {
            assert!(
                cors_headers(headers).is_empty(),
                "GET {context}: {headers:?}"
            );
        }

        let response = send(attack.request(Method::OPTIONS, "/public")).await;
        let headers = response.headers();
        assert_eq!(header_text(headers, ACAC), None, "preflight {context}");
        if star {
            assert_eq!(
                response.status(),
                StatusCode::NO_CONTENT,
                "preflight {context}"
            );
            assert_eq!(header_text(headers, ACAO), Some("*"), "preflight {context}");
        } else {
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "preflight {context}"
            );
            assert!(
                cors_headers(headers).is_empty(),
                "preflight {context}: {headers:?}"
            );
        }
    }
    // Both outcomes were exercised.
    assert!(
        stars > 0 && refusals > 0,
        "{stars} `*`, {refusals} refusals"
    );
}

fn get_with_origin(path: &str, origin: &'static str) -> Request<Body> {
    Request::get(path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

#[test]
fn the_table_is_large_and_covers_every_class() {
    assert!(
        ATTACKS.len() >= 40,
        "only {} hostile origins in ATTACKS",
        ATTACKS.len()
    );

    let oversized = oversized_attacks();
    let mut classes: Vec<&str> = ATTACKS.iter().map(|(_, class)| *class).collect();
    classes.extend(oversized.iter().map(|(_, class)| *class));
    if !SEVERAL_ORIGIN_HEADERS.is_empty() {
        classes.push(SEVERAL);
    }
    for required in REQUIRED_CLASSES {
        assert!(
            classes.contains(required),
            "no attack of class {required:?}"
        );
    }

    for (index, (value, class)) in ATTACKS.iter().enumerate() {
        assert!(
            !ATTACKS[..index].iter().any(|(other, _)| other == value),
            "{} ({class}) is listed twice",
            shown(value)
        );
    }

    // The entries `http` refuses as header values are exactly those holding
    // a byte no header value may hold; all the others are sent.
    let mut sendable = 0;
    for (value, class) in ATTACKS {
        let forbidden_byte = value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f);
        let accepted = HeaderValue::from_bytes(value.as_bytes()).is_ok();
        assert_eq!(
            accepted,
            !forbidden_byte,
            "{} ({class}): HeaderValue::from_bytes disagrees with the expected byte rules",
            shown(value)
        );
        if accepted {
            sendable += 1;
        }
    }
    assert!(
        sendable >= 40,
        "only {sendable} entries can be sent over HTTP"
    );

    // Each oversized value is longer than any origin with a host DNS allows.
    for (value, _) in &oversized {
        assert!(value.len() > "https://".len() + 253, "{}", shown(value));
    }
    for values in SEVERAL_ORIGIN_HEADERS {
        assert!(values.len() >= 2, "{values:?}");
    }
}

// Configurations the rules refuse at compile time (and, for the wildcards,
// in `env(...)` lists at startup), each with a hostile origin it would
// admit if it were allowed. The test asks the shared rules, then shows
// the runtime engine would indeed grant the hostile origin.
const ANY_HOST: &str = "regex host can be any domain";
const PUBLIC_SUFFIX: &str = "public suffix";

/// (class, regex, credentials, an origin it would admit).
const REFUSED_REGEXES: &[(&str, &str, bool, &str)] = &[
    (
        UNESCAPED_DOT,
        r"^https://([a-z0-9-]+.)?myapp\.com$",
        false,
        "https://evilmyapp.com",
    ),
    (
        UNESCAPED_DOT,
        r"^https://(\w+.)+myapp\.com$",
        false,
        "https://evilxmyapp.com",
    ),
    (
        UNESCAPED_DOT,
        r"^https://(www|api.v2)\.myapp\.com$",
        false,
        "https://apixv2.myapp.com",
    ),
    (
        SUFFIX,
        r"^https://.*myapp\.com$",
        false,
        "https://evilmyapp.com",
    ),
    (
        SUFFIX,
        r"^https://(\w+)?myapp\.com$",
        false,
        "https://evilmyapp.com",
    ),
    (
        SUFFIX,
        r"^https://(?:[a-z]+|x)myapp\.com$",
        false,
        "https://evilmyapp.com",
    ),
    (ANY_HOST, r"^https://.*$", true, "https://evil.example"),
    (ANY_HOST, r"^https://[^/]+$", true, "https://evil.example"),
    (
        ANY_HOST,
        r"^https://\w+(\.\w+)*$",
        true,
        "https://evil.example",
    ),
    (
        ANY_HOST,
        r"^https://[a-z]+\.myapp\.com.*$",
        true,
        "https://x.myapp.com.evil.example",
    ),
    (
        PUBLIC_SUFFIX,
        r"^https://[a-z0-9-]+\.vercel\.app$",
        false,
        "https://evil.vercel.app",
    ),
    (
        PUBLIC_SUFFIX,
        r"^https://\w+\.github\.io$",
        false,
        "https://evil.github.io",
    ),
    (
        SCHEME_DOWNGRADE,
        "(?x) ^http://[a-z]+\\.myapp\\.com$  # staging",
        true,
        "http://x.myapp.com",
    ),
    (
        SCHEME_DOWNGRADE,
        r"^https?://[a-z]+\.myapp\.com$",
        true,
        "http://x.myapp.com",
    ),
];

/// (wildcard over a public suffix of the real list, an origin it would admit).
const REFUSED_WILDCARDS: &[(&str, &str)] = &[
    (
        "https://*.s3.us-east-1.amazonaws.com",
        "https://attacker.s3.us-east-1.amazonaws.com",
    ),
    (
        "https://*.app.github.dev",
        "https://evil-3000.app.github.dev",
    ),
    (
        "https://*.uc.r.appspot.com",
        "https://evil-dot-project.uc.r.appspot.com",
    ),
    ("https://*.vercel.app", "https://evil.vercel.app"),
    ("https://*.github.io", "https://evil.github.io"),
    ("https://*.co.uk", "https://evil.co.uk"),
    ("https://*.com", "https://evil.com"),
];

#[test]
fn regexes_that_would_admit_strangers_are_refused() {
    use cors_rules::origin::Origin;
    use cors_rules::regex_check::{anchored, check_origin_regex};
    use cors_runtime::matching::origins::OriginRegex;

    for &(class, source, credentials, hostile) in REFUSED_REGEXES {
        let problem = check_origin_regex(source, credentials)
            .expect_err(&format!("{class}: {source} is allowed"));
        assert!(
            problem.help().len() > 10 && problem.message().contains(source),
            "{class}: {problem}"
        );
        // Were it allowed, the runtime would grant a browser's origin.
        assert!(Origin::parse(hostile).is_ok(), "{hostile}");
        let runtime = OriginRegex::__new(Box::leak(anchored(source).into_boxed_str()));
        assert!(
            runtime.matches(hostile),
            "{class}: {source} would not admit {hostile}, so the case shows nothing"
        );
    }
    // Their neighbours that name a domain of their own compile.
    for source in [
        r"^https://([a-z0-9-]+\.)?myapp\.com$",
        r"^https://.*\.myapp\.com$",
        r"^https://[a-z0-9-]+\.preview\.myapp\.com$",
        r"^https://myproject\.vercel\.app$",
        r"(?x) ^https://[a-z]+\.myapp\.com$  # staging",
    ] {
        assert!(check_origin_regex(source, true).is_ok(), "{source}");
    }
}

#[test]
fn wildcards_over_public_suffixes_are_refused_in_the_attribute_and_at_startup() {
    use cors_rules::origin_list::parse_origin_list;
    use cors_rules::pattern::{OriginEntry, parse_origin_entry};
    use handler_cors::ProblemKind;

    for &(wildcard, hostile) in REFUSED_WILDCARDS {
        let problem = parse_origin_entry(wildcard).expect_err(wildcard);
        assert_eq!(problem.kind(), ProblemKind::WildcardTooBroad, "{wildcard}");
        for credentials in [false, true] {
            assert!(
                parse_origin_list(wildcard, credentials).is_err(),
                "{PUBLIC_SUFFIX}: env list {wildcard} accepted"
            );
        }
        // The same wildcard over a name of one's own is allowed, and it
        // does not admit the hostile origin.
        let own = wildcard.replacen("*.", "*.myapp.", 1);
        let Ok(OriginEntry::Pattern(pattern)) = parse_origin_entry(&own) else {
            panic!("{own} refused");
        };
        let origin = cors_rules::origin::Origin::parse(hostile).unwrap();
        assert!(!pattern.matches(&origin), "{own} admits {hostile}");
    }
}
