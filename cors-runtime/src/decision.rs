//! The outcome of checking a request against a policy, and why a request
//! was refused (for logs and tests; never sent to the client).

use std::fmt;

use http::{HeaderMap, HeaderValue};

use crate::Policy;
use crate::allow_origin::AllowOrigin;
use crate::request::{RequestOrigin, read_origin};

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

const WILDCARD: HeaderValue = HeaderValue::from_static("*");

impl Policy {
    /// Checks the request's `Origin` header(s).
    ///
    /// ```
    /// # use cors_runtime::OriginCheck;
    /// # use http::{HeaderMap, HeaderValue};
    /// # fn check(policy: &cors_runtime::Policy) {
    /// let mut headers = HeaderMap::new();
    /// headers.insert("origin", HeaderValue::from_static("https://myapp.com"));
    /// assert!(matches!(policy.check_origin(&headers), OriginCheck::Allowed(_)));
    /// # }
    /// ```
    pub fn check_origin(&self, headers: &HeaderMap) -> OriginCheck {
        self.check_read_origin(read_origin(headers))
    }

    /// [`Policy::check_origin`] on an `Origin` already read.
    pub fn check_read_origin(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        match origin {
            RequestOrigin::Absent => self.without_origin(),
            RequestOrigin::Invalid(refusal) => OriginCheck::Refused(refusal),
            RequestOrigin::Present { value, text } => {
                self.origin_answer(value, self.origins.allows(text))
            }
        }
    }

    /// [`Policy::check_origin`], awaiting the `with(async ...)` entries
    /// when the others did not allow the origin.
    pub async fn check_origin_async(&self, headers: &HeaderMap) -> OriginCheck {
        self.check_read_origin_async(read_origin(headers)).await
    }

    /// [`Policy::check_read_origin`], awaiting the `with(async ...)` entries.
    pub async fn check_read_origin_async(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        match origin {
            RequestOrigin::Present { value, text } if self.origins.is_async() => {
                let allowed = self.origins.allows_async(text).await;
                self.origin_answer(value, allowed)
            }
            other => self.check_read_origin(other),
        }
    }

    /// [`Policy::decide_actual`] without awaiting `with(async ...)`
    /// entries (they count as not allowing): the path of every policy
    /// that has none.
    pub fn decide_actual_now(&self, headers: &HeaderMap) -> OriginCheck {
        let origin = read_origin(headers);
        let check = self.check_read_origin(origin);
        #[cfg(feature = "tracing")]
        crate::trace::actual(self, &origin, &check);
        check
    }

    /// Decides an actual (non-preflight) request, emitting the `tracing`
    /// event when that feature is on.
    pub async fn decide_actual(&self, headers: &HeaderMap) -> OriginCheck {
        self.decide_actual_origin(read_origin(headers)).await
    }

    /// [`Policy::decide_actual`] on an `Origin` already read.
    pub async fn decide_actual_origin(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        let check = self.check_read_origin_async(origin).await;
        #[cfg(feature = "tracing")]
        crate::trace::actual(self, &origin, &check);
        check
    }

    /// A request without `Origin`. `origins = any` without credentials
    /// answers `*` to it as well, so that its answer is the same for every
    /// well-formed request and a shared cache may keep one copy without
    /// `Vary: Origin`.
    fn without_origin(&self) -> OriginCheck {
        if self.varies_by_origin() {
            OriginCheck::NotCors
        } else {
            OriginCheck::Allowed(WILDCARD)
        }
    }

    fn origin_answer(&self, origin: &HeaderValue, allowed: bool) -> OriginCheck {
        match &self.origins {
            _ if !allowed => OriginCheck::Refused(Refusal::OriginNotAllowed),
            AllowOrigin::Any if !self.credentials => OriginCheck::Allowed(WILDCARD),
            _ => OriginCheck::Allowed(origin.clone()),
        }
    }

    /// Whether the answer to a well-formed actual request depends on its
    /// `Origin` (false only for `origins = any` without credentials, always
    /// `*`; a malformed `Origin` is still refused, with `Vary: Origin`).
    pub fn varies_by_origin(&self) -> bool {
        !matches!(self.origins, AllowOrigin::Any) || self.credentials
    }
}
