//! Reading the CORS request headers, refusing hostile bytes up front.
//!
//! Nothing here panics or allocates: an `Origin` that is repeated, too long
//! or not ASCII is refused like an origin that is not allowed.

use http::header::{
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, GetAll, HeaderName, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method};

use crate::outcome::Refusal;
use cors_rules::origin::MAX_ORIGIN_LEN;

/// `Access-Control-Request-Private-Network` (Chromium's private network access).
pub const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// The request's `Origin`, as far as it can be trusted.
#[derive(Debug, Clone, Copy)]
pub enum RequestOrigin<'a> {
    /// No `Origin` header.
    Absent,
    /// One `Origin` header of printable ASCII within the length bound.
    Present {
        /// The header value, to echo back byte for byte.
        value: &'a HeaderValue,
        /// The same bytes as text.
        text: &'a str,
    },
    /// Present but unusable.
    Invalid(Refusal),
}

/// Reads the `Origin` header(s) of a request.
///
/// ```
/// use cors_runtime::request::{read_origin, RequestOrigin};
/// use http::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.append("origin", HeaderValue::from_static("https://a.com"));
/// assert!(matches!(read_origin(&headers), RequestOrigin::Present { text: "https://a.com", .. }));
/// headers.append("origin", HeaderValue::from_static("https://b.com"));
/// assert!(matches!(read_origin(&headers), RequestOrigin::Invalid(_)));
/// ```
pub fn read_origin(headers: &HeaderMap) -> RequestOrigin<'_> {
    let mut values = headers.get_all(ORIGIN).iter();
    let Some(value) = values.next() else {
        return RequestOrigin::Absent;
    };
    if values.next().is_some() {
        return RequestOrigin::Invalid(Refusal::SeveralOrigins);
    }
    read_one(value)
}

fn read_one(value: &HeaderValue) -> RequestOrigin<'_> {
    if value.len() > MAX_ORIGIN_LEN {
        return RequestOrigin::Invalid(Refusal::MalformedOrigin);
    }
    match value.to_str() {
        Ok(text) if !text.is_empty() => RequestOrigin::Present { value, text },
        _ => RequestOrigin::Invalid(Refusal::MalformedOrigin),
    }
}

/// The request's `Origin` header(s), kept after the request itself has
/// moved on: what a layer needs to decide once the inner service answered.
/// Cloning a `HeaderValue` shares its bytes; nothing is copied.
#[derive(Debug, Clone)]
pub enum OriginSnapshot {
    /// No `Origin` header.
    Absent,
    /// Exactly one.
    One(HeaderValue),
    /// More than one (always refused).
    Several,
}

impl OriginSnapshot {
    /// Takes the `Origin` header(s) of a request.
    pub fn of(headers: &HeaderMap) -> OriginSnapshot {
        let mut values = headers.get_all(ORIGIN).iter();
        match (values.next(), values.next()) {
            (None, _) => OriginSnapshot::Absent,
            (Some(value), None) => OriginSnapshot::One(value.clone()),
            (Some(_), Some(_)) => OriginSnapshot::Several,
        }
    }

    /// The snapshot read as [`read_origin`] reads a header map.
    pub fn read(&self) -> RequestOrigin<'_> {
        match self {
            OriginSnapshot::Absent => RequestOrigin::Absent,
            OriginSnapshot::Several => RequestOrigin::Invalid(Refusal::SeveralOrigins),
            OriginSnapshot::One(value) => read_one(value),
        }
    }
}

/// A copy of the headers a CORS decision reads (`Origin` and the
/// `Access-Control-Request-*` ones), for a decision made after the request
/// has moved on or across an `await`: a small map, made only for
/// preflights under a layer and for policies with `with(async ...)`.
pub fn cors_request_headers(headers: &HeaderMap) -> HeaderMap {
    const READ: [HeaderName; 4] = [
        ORIGIN,
        ACCESS_CONTROL_REQUEST_METHOD,
        ACCESS_CONTROL_REQUEST_HEADERS,
        ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK,
    ];
    let mut kept = HeaderMap::with_capacity(READ.len());
    for name in READ {
        for value in headers.get_all(&name) {
            kept.append(name.clone(), value.clone());
        }
    }
    kept
}

/// Whether a request is a CORS preflight: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`.
/// The rule is [`PreflightRequest::read`]'s, written once there.
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    PreflightRequest::read(method, headers).is_some()
}

/// The single `Access-Control-Request-Method` value, if it is a token.
fn one_method(values: GetAll<'_, HeaderValue>) -> Result<&[u8], Refusal> {
    let mut values = values.into_iter();
    match (values.next(), values.next()) {
        (Some(value), None) if cors_rules::method::is_token_bytes(value.as_bytes()) => {
            Ok(value.as_bytes())
        }
        _ => Err(Refusal::MalformedMethod),
    }
}

/// Everything a preflight decision reads, each header looked up once.
#[derive(Debug)]
pub struct PreflightRequest<'a> {
    /// The `Origin` header(s).
    pub origin: RequestOrigin<'a>,
    /// The single `Access-Control-Request-Method` token.
    pub method: Result<&'a [u8], Refusal>,
    /// The `Access-Control-Request-Headers` lines.
    pub headers: GetAll<'a, HeaderValue>,
    /// The whole request's headers, for what is read only when the rest
    /// was granted.
    all: &'a HeaderMap,
}

impl<'a> PreflightRequest<'a> {
    /// Reads a request that is a preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`); `None` for any other request.
    ///
    /// ```
    /// use cors_runtime::request::PreflightRequest;
    /// use http::{HeaderMap, HeaderValue, Method};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("origin", HeaderValue::from_static("https://a.com"));
    /// assert!(PreflightRequest::read(&Method::OPTIONS, &headers).is_none());
    /// headers.insert("access-control-request-method", HeaderValue::from_static("PUT"));
    /// let preflight = PreflightRequest::read(&Method::OPTIONS, &headers).unwrap();
    /// assert_eq!(preflight.method, Ok(&b"PUT"[..]));
    /// assert!(PreflightRequest::read(&Method::GET, &headers).is_none());
    /// ```
    pub fn read(method: &Method, headers: &'a HeaderMap) -> Option<PreflightRequest<'a>> {
        if method != Method::OPTIONS {
            return None;
        }
        let origin = read_origin(headers);
        if matches!(origin, RequestOrigin::Absent) {
            return None;
        }
        let requested = headers.get_all(ACCESS_CONTROL_REQUEST_METHOD);
        requested.iter().next()?;
        Some(PreflightRequest {
            origin,
            method: one_method(requested),
            headers: headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS),
            all: headers,
        })
    }

    /// Whether `Access-Control-Request-Private-Network: true` was sent:
    /// looked up last, as its name is the costliest to hash.
    pub fn private_network(&self) -> bool {
        self.all
            .get(ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK)
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"))
    }
}
