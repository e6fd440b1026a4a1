//! Reading the CORS request headers, refusing hostile bytes up front.
//!
//! Nothing here panics or allocates: an `Origin` that is repeated, too long
//! or not ASCII is refused like an origin that is not allowed.

use http::header::{
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HeaderName, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method};

use crate::outcome::Refusal;
use cors_rules::origin::MAX_ORIGIN_LEN;

/// Where a decision reads a request's CORS headers: the request's own
/// `http::HeaderMap`, or a [`CorsRequestHeaders`] copy of just those
/// headers (kept by a layer across the inner service, or made by an
/// adapter from another `http` version's map).
pub trait RequestHeaders {
    /// Every value of `name`, in order.
    fn values<'a>(
        &'a self,
        name: &HeaderName,
    ) -> impl Iterator<Item = &'a HeaderValue> + use<'a, Self>;
}

impl RequestHeaders for HeaderMap {
    fn values<'a>(&'a self, name: &HeaderName) -> impl Iterator<Item = &'a HeaderValue> + use<'a> {
        self.get_all(name).into_iter()
    }
}

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
pub fn read_origin<H: RequestHeaders>(headers: &H) -> RequestOrigin<'_> {
    let mut values = headers.values(&ORIGIN);
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
/// has moved on or across an `await`, or on another `http` version's
/// request. Values are held in place, not in a map: copying one from an
/// `http::HeaderMap` shares its bytes, and nothing is allocated for the
/// usual single line of each header.
#[derive(Debug, Clone, Default)]
pub struct CorsRequestHeaders {
    lines: [Lines; 4],
}

/// The values of one header: the first in place, any others after it.
#[derive(Debug, Clone, Default)]
struct Lines {
    first: Option<HeaderValue>,
    more: Vec<HeaderValue>,
}

impl CorsRequestHeaders {
    /// The headers kept, in the order of their slots.
    pub const NAMES: [HeaderName; 4] = [
        ORIGIN,
        ACCESS_CONTROL_REQUEST_METHOD,
        ACCESS_CONTROL_REQUEST_HEADERS,
        ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK,
    ];

    /// Copies the CORS headers of a request.
    ///
    /// ```
    /// use cors_runtime::request::{CorsRequestHeaders, RequestHeaders};
    /// use http::{HeaderMap, HeaderValue};
    ///
    /// let mut request = HeaderMap::new();
    /// request.append("origin", HeaderValue::from_static("https://a.com"));
    /// request.append("access-control-request-headers", HeaderValue::from_static("x-a"));
    /// request.append("access-control-request-headers", HeaderValue::from_static("x-b"));
    /// request.append("cookie", HeaderValue::from_static("secret"));
    /// let kept = CorsRequestHeaders::of(&request);
    /// let lines: Vec<_> = kept.values(&http::header::ACCESS_CONTROL_REQUEST_HEADERS).collect();
    /// assert_eq!(lines, ["x-a", "x-b"]);
    /// assert_eq!(kept.values(&http::header::COOKIE).count(), 0);
    /// ```
    pub fn of<H: RequestHeaders>(headers: &H) -> CorsRequestHeaders {
        let mut kept = CorsRequestHeaders::default();
        for (slot, name) in Self::NAMES.iter().enumerate() {
            for value in headers.values(name) {
                kept.push(slot, value.clone());
            }
        }
        kept
    }

    /// Adds a value to the header in `slot` (an index into [`Self::NAMES`];
    /// any other is ignored).
    pub fn push(&mut self, slot: usize, value: HeaderValue) {
        let Some(lines) = self.lines.get_mut(slot) else {
            return;
        };
        match lines.first {
            None => lines.first = Some(value),
            Some(_) => lines.more.push(value),
        }
    }
}

impl RequestHeaders for CorsRequestHeaders {
    fn values<'a>(&'a self, name: &HeaderName) -> impl Iterator<Item = &'a HeaderValue> + use<'a> {
        let lines = Self::NAMES
            .iter()
            .position(|kept| kept == name)
            .map(|slot| &self.lines[slot]);
        lines
            .into_iter()
            .flat_map(|lines| lines.first.iter().chain(lines.more.iter()))
    }
}

/// Whether a request is a CORS preflight: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`.
/// The rule is [`PreflightRequest::read`]'s, written once there.
pub fn is_preflight<H: RequestHeaders>(method: &Method, headers: &H) -> bool {
    PreflightRequest::read(method, headers).is_some()
}

/// The single `Access-Control-Request-Method` value, if it is a token.
fn one_method<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> Result<&'a [u8], Refusal> {
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
pub struct PreflightRequest<'a, H = HeaderMap> {
    /// The `Origin` header(s).
    pub origin: RequestOrigin<'a>,
    /// The single `Access-Control-Request-Method` token.
    pub method: Result<&'a [u8], Refusal>,
    /// The request's headers, for the `Access-Control-Request-Headers`
    /// lines and what is read only when the rest was granted.
    pub headers: &'a H,
}

impl<'a, H: RequestHeaders> PreflightRequest<'a, H> {
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
    pub fn read(method: &Method, headers: &'a H) -> Option<PreflightRequest<'a, H>> {
        if method != Method::OPTIONS {
            return None;
        }
        let origin = read_origin(headers);
        if matches!(origin, RequestOrigin::Absent) {
            return None;
        }
        let mut requested = headers.values(&ACCESS_CONTROL_REQUEST_METHOD).peekable();
        requested.peek()?;
        Some(PreflightRequest {
            origin,
            method: one_method(requested),
            headers,
        })
    }

    /// Whether `Access-Control-Request-Private-Network: true` was sent:
    /// looked up last, as its name is the costliest to hash.
    pub fn private_network(&self) -> bool {
        self.headers
            .values(&ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK)
            .next()
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in lines {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    /// A copy reads exactly as the request it was made from: repeated
    /// headers stay repeated (two `Origin`s are refused from the copy too),
    /// and headers no decision reads are not kept.
    #[test]
    fn a_copy_reads_like_its_request() {
        let cases = [
            request(&[
                ("origin", "https://a.com"),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "x-a"),
                ("access-control-request-headers", "x-b"),
                ("access-control-request-private-network", "true"),
                ("cookie", "secret"),
            ]),
            request(&[
                ("origin", "https://a.com"),
                ("origin", "https://evil.com"),
                ("access-control-request-method", "GET"),
            ]),
            request(&[
                ("origin", "https://a.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-method", "PUT"),
            ]),
            request(&[("access-control-request-method", "GET")]),
        ];
        for headers in &cases {
            let copy = CorsRequestHeaders::of(headers);
            for name in CorsRequestHeaders::NAMES
                .iter()
                .chain([&http::header::COOKIE])
            {
                let kept: Vec<_> = copy.values(name).collect();
                let expected: Vec<_> = if *name == http::header::COOKIE {
                    Vec::new()
                } else {
                    headers.get_all(name).iter().collect()
                };
                assert_eq!(kept, expected, "{name}");
            }
            assert_eq!(
                format!("{:?}", read_origin(&copy)),
                format!("{:?}", read_origin(headers))
            );
            let from_copy = PreflightRequest::read(&Method::OPTIONS, &copy);
            let from_request = PreflightRequest::read(&Method::OPTIONS, headers);
            assert_eq!(from_copy.is_some(), from_request.is_some());
            if let (Some(a), Some(b)) = (from_copy, from_request) {
                assert_eq!(a.method, b.method);
                assert_eq!(a.private_network(), b.private_network());
            }
        }
        assert!(matches!(
            read_origin(&CorsRequestHeaders::of(&cases[1])),
            RequestOrigin::Invalid(Refusal::SeveralOrigins)
        ));
    }

    #[test]
    fn a_slot_out_of_range_is_ignored() {
        let mut copy = CorsRequestHeaders::default();
        copy.push(
            CorsRequestHeaders::NAMES.len(),
            HeaderValue::from_static("x"),
        );
        for name in &CorsRequestHeaders::NAMES {
            assert_eq!(copy.values(name).count(), 0);
        }
    }
}
