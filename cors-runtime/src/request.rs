//! Reading the CORS request headers, refusing hostile bytes up front.
//!
//! Nothing here panics or allocates: an `Origin` that is repeated, too long
//! or not ASCII is refused like an origin that is not allowed.

use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, HeaderValue, Method};

use crate::Refusal;
use cors_rules::origin::MAX_ORIGIN_LEN;

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
    if value.len() > MAX_ORIGIN_LEN {
        return RequestOrigin::Invalid(Refusal::MalformedOrigin);
    }
    match value.to_str() {
        Ok(text) if !text.is_empty() => RequestOrigin::Present { value, text },
        _ => RequestOrigin::Invalid(Refusal::MalformedOrigin),
    }
}

/// Whether a request is a CORS preflight: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`.
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && headers.contains_key(ORIGIN)
        && headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
}

/// The single `Access-Control-Request-Method` value, if it is a token.
pub fn requested_method(headers: &HeaderMap) -> Result<&[u8], Refusal> {
    let mut values = headers.get_all(ACCESS_CONTROL_REQUEST_METHOD).iter();
    match (values.next(), values.next()) {
        (Some(value), None)
            if std::str::from_utf8(value.as_bytes()).is_ok_and(cors_rules::method::is_token) =>
        {
            Ok(value.as_bytes())
        }
        _ => Err(Refusal::MalformedMethod),
    }
}
