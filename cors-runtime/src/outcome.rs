//! What a decision produces: an origin's answer, a preflight's grant, and
//! why a request was refused (for logs and tests; never sent to the client).
//! Plain values at the bottom of the crate: everything else reads them.

use std::fmt;

use http::HeaderValue;

/// Why a request got no CORS permission.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The origin is well-formed but not in the policy.
    OriginNotAllowed,
    /// The `Origin` header is not a serialized origin (non-ASCII, too long, ...).
    MalformedOrigin,
    /// More than one `Origin` header.
    SeveralOrigins,
    /// The preflight asked for a method the policy does not list.
    MethodNotAllowed,
    /// `Access-Control-Request-Method` is missing a value, repeated or not a token.
    MalformedMethod,
    /// The preflight asked for a request header the policy does not list.
    HeaderNotAllowed,
    /// `Access-Control-Request-Headers` is malformed or over the bounds.
    MalformedRequestHeaders,
    /// The preflight asked for private network access, which the policy does not grant.
    PrivateNetworkNotAllowed,
}

impl Refusal {
    /// A short phrase for logs.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::OriginNotAllowed => "origin not allowed",
            Refusal::MalformedOrigin => "malformed Origin header",
            Refusal::SeveralOrigins => "several Origin headers",
            Refusal::MethodNotAllowed => "method not allowed",
            Refusal::MalformedMethod => "malformed Access-Control-Request-Method",
            Refusal::HeaderNotAllowed => "request header not allowed",
            Refusal::MalformedRequestHeaders => "malformed Access-Control-Request-Headers",
            Refusal::PrivateNetworkNotAllowed => "private network access not allowed",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

/// What a policy says about a request's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginCheck {
    /// No `Origin` header: not a CORS request.
    NotCors,
    /// Allowed; the value is the `Access-Control-Allow-Origin` to send
    /// (the request's origin byte for byte, or `*`).
    Allowed(HeaderValue),
    /// Refused, and why.
    Refused(Refusal),
}

/// What a preflight is granted, before it is written out.
#[derive(Debug)]
pub struct Grant {
    /// `Access-Control-Allow-Origin`.
    pub origin: HeaderValue,
    /// `Access-Control-Allow-Headers`, when headers were asked for.
    pub headers: Option<HeaderValue>,
    /// Whether to send `Access-Control-Allow-Private-Network: true`.
    pub private_network: bool,
}

/// Why cross-origin request protection (`csrf = true`) refused a request:
/// how the browser said another origin sent it. In every case the request
/// had an unsafe method and an origin the policy does not allow.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfRefusal {
    /// `Sec-Fetch-Site` is `cross-site` or `same-site` (or a value no
    /// browser sends).
    SecFetchSite,
    /// No `Sec-Fetch-Site` (an older browser), and the `Origin`'s host and
    /// port differ from the request's `Host`.
    OriginNotHost,
}

impl CsrfRefusal {
    /// A short phrase for logs (the `detail` of the `tracing` event).
    pub fn reason(self) -> &'static str {
        match self {
            CsrfRefusal::SecFetchSite => {
                "Sec-Fetch-Site says another site sent it, and its origin is not allowed"
            }
            CsrfRefusal::OriginNotHost => {
                "no Sec-Fetch-Site, Origin differs from Host, and the origin is not allowed"
            }
        }
    }

    /// The plain-text body of the `403` answer: short, and saying why.
    pub fn body(self) -> &'static str {
        match self {
            CsrfRefusal::SecFetchSite => {
                "Forbidden: cross-origin request refused. The browser says a page of another site sent it (Sec-Fetch-Site), and this route's CORS policy does not allow that page's origin.\n"
            }
            CsrfRefusal::OriginNotHost => {
                "Forbidden: cross-origin request refused. Its Origin does not match Host, and this route's CORS policy does not allow that origin.\n"
            }
        }
    }
}

impl fmt::Display for CsrfRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}
