//! Helpers for users' tests: a request a browser would send ([`Probe`]),
//! and its answer ([`CorsAnswer`]) with assertions whose messages say which
//! header was wrong and what the response carried instead. Framework-free:
//! each adapter sends a probe to its own app (`Probe::send` for an axum
//! `Router`).
//!
//! The three CORS tests a Django project usually has, against your own
//! router:
//!
//! ```
//! # use axum::Router;
//! # use cors_runtime::testing::Probe;
//! # async fn demo(app: Router) {
//! // A preflight from the dev server's origin is allowed, with the right methods.
//! Probe::preflight("/api/posts", "http://localhost:3000", "POST")
//!     .send(&app).await
//!     .assert_allow_origin("http://localhost:3000")
//!     .assert_allow_methods(&["GET", "POST"]);
//! // An actual request gets its origin echoed.
//! Probe::get("/api/posts").origin("http://localhost:3000")
//!     .send(&app).await
//!     .assert_allow_origin("http://localhost:3000");
//! // Another site gets no CORS headers.
//! Probe::get("/api/posts").origin("http://malicious-site.com")
//!     .send(&app).await
//!     .assert_no_cors_headers();
//! # }
//! ```

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    HOST, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

use crate::decide::csrf::SEC_FETCH_SITE;

/// A request as a browser (or curl) would send it, to be sent to an app.
#[derive(Debug, Clone)]
pub struct Probe {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Probe {
    /// A request with `method` to `path` (and no headers yet).
    pub fn new(method: Method, path: &str) -> Probe {
        Probe {
            method,
            path: path.to_owned(),
            headers: HeaderMap::new(),
            body: String::new(),
        }
    }

    /// A `GET`.
    pub fn get(path: &str) -> Probe {
        Probe::new(Method::GET, path)
    }

    /// A `POST`.
    pub fn post(path: &str) -> Probe {
        Probe::new(Method::POST, path)
    }

    /// A CORS preflight: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`.
    pub fn preflight(path: &str, origin: &str, method: &str) -> Probe {
        Probe::new(Method::OPTIONS, path)
            .origin(origin)
            .header(ACCESS_CONTROL_REQUEST_METHOD.as_str(), method)
    }

    /// Adds a header. An invalid name or value is left out, and the
    /// assertions then report what the app answered without it.
    pub fn header(mut self, name: &str, value: &str) -> Probe {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            self.headers.append(name, value);
        }
        self
    }

    /// Sets `Origin`.
    pub fn origin(self, origin: &str) -> Probe {
        self.header(ORIGIN.as_str(), origin)
    }

    /// Sets `Host` (what cross-origin request protection compares `Origin`
    /// with when there is no `Sec-Fetch-Site`).
    pub fn host(self, host: &str) -> Probe {
        self.header(HOST.as_str(), host)
    }

    /// Sets `Access-Control-Request-Headers` on a preflight.
    pub fn request_headers(self, names: &str) -> Probe {
        self.header(ACCESS_CONTROL_REQUEST_HEADERS.as_str(), names)
    }

    /// Sets `Sec-Fetch-Site: cross-site`, as browsers do for a request a
    /// page of another site sent (a form, a `fetch`).
    pub fn cross_site(self) -> Probe {
        self.header(SEC_FETCH_SITE.as_str(), "cross-site")
    }

    /// A form body (`application/x-www-form-urlencoded`), as an HTML form
    /// posts it.
    pub fn form(mut self, body: &str) -> Probe {
        self.body = body.to_owned();
        self.header("content-type", "application/x-www-form-urlencoded")
    }

    /// The method, path, headers and body, for adapters that build their
    /// framework's request.
    pub fn parts(&self) -> (&Method, &str, &HeaderMap, &str) {
        (&self.method, &self.path, &self.headers, &self.body)
    }
}

/// What an app answered to a [`Probe`]; each assertion returns the answer,
/// so they chain, and panics with a message naming the header at fault.
#[derive(Debug, Clone)]
pub struct CorsAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl CorsAnswer {
    /// Built by an adapter from its framework's response.
    pub fn new(status: StatusCode, headers: HeaderMap, body: String) -> CorsAnswer {
        CorsAnswer {
            status,
            headers,
            body,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, as text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// One header's values joined by `, `, `None` when absent.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<String> = self
            .headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// Every `Access-Control-*` header of the response, for messages.
    fn cors_headers(&self) -> String {
        let found: Vec<String> = self
            .headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("access-control-"))
            .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
            .collect();
        if found.is_empty() {
            "no Access-Control-* header".to_owned()
        } else {
            found.join("; ")
        }
    }

    fn context(&self) -> String {
        format!("status {}, {}", self.status, self.cors_headers())
    }

    /// Asserts the status.
    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &CorsAnswer {
        assert!(
            self.status.as_u16() == status,
            "expected status {status}, found {} ({})",
            self.status,
            self.cors_headers()
        );
        self
    }

    /// Asserts `Access-Control-Allow-Origin: origin` (and, on a preflight,
    /// a `2xx`).
    #[track_caller]
    pub fn assert_allow_origin(&self, origin: &str) -> &CorsAnswer {
        match self.header(ACCESS_CONTROL_ALLOW_ORIGIN.as_str()) {
            Some(found) if found == origin => {}
            Some(found) => panic!(
                "wrong Access-Control-Allow-Origin: expected {origin:?}, found {found:?} ({})",
                self.context()
            ),
            None => panic!(
                "missing Access-Control-Allow-Origin: expected {origin:?} ({}); is the origin in the policy, byte for byte?",
                self.context()
            ),
        }
        self
    }

    /// Asserts `Access-Control-Allow-Credentials: true`.
    #[track_caller]
    pub fn assert_allow_credentials(&self) -> &CorsAnswer {
        let found = self.header(ACCESS_CONTROL_ALLOW_CREDENTIALS.as_str());
        assert!(
            found.as_deref() == Some("true"),
            "wrong Access-Control-Allow-Credentials: expected \"true\", found {found:?} ({})",
            self.context()
        );
        self
    }

    /// Asserts that `Access-Control-Allow-Methods` lists each of `methods`.
    #[track_caller]
    pub fn assert_allow_methods(&self, methods: &[&str]) -> &CorsAnswer {
        self.assert_lists(ACCESS_CONTROL_ALLOW_METHODS.as_str(), methods, false)
    }

    /// Asserts that `Access-Control-Allow-Headers` lists each of `names`
    /// (in any case).
    #[track_caller]
    pub fn assert_allow_headers(&self, names: &[&str]) -> &CorsAnswer {
        self.assert_lists(ACCESS_CONTROL_ALLOW_HEADERS.as_str(), names, true)
    }

    #[track_caller]
    fn assert_lists(&self, header: &str, wanted: &[&str], fold_case: bool) -> &CorsAnswer {
        let Some(found) = self.header(header) else {
            panic!(
                "missing {}: expected it to list {wanted:?} ({})",
                display_name(header),
                self.context()
            );
        };
        let listed: Vec<&str> = found.split(',').map(str::trim).collect();
        let missing: Vec<&&str> = wanted
            .iter()
            .filter(|want| {
                !listed.iter().any(|item| {
                    if fold_case {
                        item.eq_ignore_ascii_case(want)
                    } else {
                        item == *want
                    }
                })
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{} does not list {missing:?}: found {found:?} ({})",
            display_name(header),
            self.context()
        );
        self
    }

    /// Asserts that the response carries no `Access-Control-*` header, so
    /// a browser hides it from the page.
    #[track_caller]
    pub fn assert_no_cors_headers(&self) -> &CorsAnswer {
        assert!(
            !self
                .headers
                .keys()
                .any(|name| name.as_str().starts_with("access-control-")),
            "expected no Access-Control-* header, found {} (status {})",
            self.cors_headers(),
            self.status
        );
        self
    }

    /// Asserts that `Vary` names `name` (in any case).
    #[track_caller]
    pub fn assert_vary(&self, name: &str) -> &CorsAnswer {
        let found = self.header(VARY.as_str()).unwrap_or_default();
        assert!(
            found
                .split(',')
                .any(|item| item.trim().eq_ignore_ascii_case(name)),
            "Vary does not name {name:?}: found {found:?} ({})",
            self.context()
        );
        self
    }

    /// Asserts that cross-origin request protection (`csrf = true`)
    /// refused the request: `403` with its plain-text reason.
    #[track_caller]
    pub fn assert_csrf_refused(&self) -> &CorsAnswer {
        assert!(
            self.status == StatusCode::FORBIDDEN
                && self
                    .body
                    .starts_with("Forbidden: cross-origin request refused"),
            "expected a cross-origin request protection refusal (403), found status {} with body {:?}",
            self.status,
            self.body
        );
        self
    }
}

/// A header name as the browser console writes it.
fn display_name(header: &str) -> String {
    header
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}
