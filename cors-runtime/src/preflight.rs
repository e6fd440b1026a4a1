//! Answering `OPTIONS` preflights.
//!
//! Allowed: `204 No Content` with the `Access-Control-Allow-*` headers.
//! Refused: `403 Forbidden` with none of them. Both carry the same `Vary`.
//! A plain `OPTIONS` (no `Access-Control-Request-Method`) is not a preflight:
//! `204` with `Allow`.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ALLOW,
    HeaderName, VARY,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::Policy;
use crate::decision::{OriginCheck, Refusal};
use crate::request::{is_preflight, requested_method};
use crate::response::TRUE;
use crate::vary::preflight_vary;

/// `Access-Control-Request-Private-Network` (Chromium's private network access).
pub const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// `Access-Control-Allow-Private-Network`.
pub const ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

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

impl Policy {
    /// Decides a preflight (the request must be one: see
    /// [`is_preflight`]).
    pub fn check_preflight(&self, headers: &HeaderMap) -> Result<Grant, Refusal> {
        self.check_preflight_with(headers, self.check_origin(headers))
    }

    /// Decides a preflight whose origin was already checked.
    pub fn check_preflight_with(
        &self,
        headers: &HeaderMap,
        origin: OriginCheck,
    ) -> Result<Grant, Refusal> {
        let origin = match origin {
            OriginCheck::Allowed(origin) => origin,
            OriginCheck::Refused(refusal) => return Err(refusal),
            OriginCheck::NotCors => return Err(Refusal::MalformedOrigin),
        };
        if !self.methods.allows(requested_method(headers)?) {
            return Err(Refusal::MethodNotAllowed);
        }
        let allowed_headers = self
            .headers
            .check(headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS))?;
        let private_network = headers
            .get(ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK)
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"));
        if private_network && !self.private_network {
            return Err(Refusal::PrivateNetworkNotAllowed);
        }
        Ok(Grant {
            origin,
            headers: allowed_headers,
            private_network,
        })
    }

    /// Answers an `OPTIONS` request: writes the headers into `out` and
    /// returns the status. `with(async ...)` entries are not consulted
    /// here; [`Policy::decide_options`] awaits them.
    ///
    /// ```
    /// # use http::{HeaderMap, HeaderValue, Method, StatusCode};
    /// # fn demo(policy: &cors_runtime::Policy) {
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://myapp.com"));
    /// request.insert("access-control-request-method", HeaderValue::from_static("PUT"));
    /// let mut response = HeaderMap::new();
    /// let status = policy.answer_options(&Method::OPTIONS, &request, &mut response);
    /// assert_eq!(status, StatusCode::NO_CONTENT);
    /// # }
    /// ```
    pub fn answer_options(
        &self,
        method: &Method,
        request: &HeaderMap,
        out: &mut HeaderMap,
    ) -> StatusCode {
        if !is_preflight(method, request) {
            return self.write_plain_options(out);
        }
        self.answer_preflight(request, out)
    }

    /// Answers a request already known to be a preflight (no
    /// `with(async ...)` entries consulted).
    pub fn answer_preflight(&self, request: &HeaderMap, out: &mut HeaderMap) -> StatusCode {
        self.answer_preflight_with(request, self.check_origin(request), out)
    }

    /// Decides, traces and writes a preflight whose origin was checked.
    fn answer_preflight_with(
        &self,
        request: &HeaderMap,
        origin: OriginCheck,
        out: &mut HeaderMap,
    ) -> StatusCode {
        let result = self.check_preflight_with(request, origin);
        #[cfg(feature = "tracing")]
        crate::trace::preflight(self, request, &result);
        self.write_preflight(result.as_ref().ok(), out)
    }

    /// [`Policy::answer_options`], awaiting `with(async ...)` entries.
    pub async fn decide_options(
        &self,
        method: &Method,
        request: &HeaderMap,
        out: &mut HeaderMap,
    ) -> StatusCode {
        if !is_preflight(method, request) {
            return self.write_plain_options(out);
        }
        let origin = if self.origins.is_async() {
            self.check_origin_async(request).await
        } else {
            self.check_origin(request)
        };
        self.answer_preflight_with(request, origin, out)
    }

    /// The answer to a plain `OPTIONS`: `204` with `Allow`.
    pub fn write_plain_options(&self, out: &mut HeaderMap) -> StatusCode {
        out.insert(ALLOW, self.methods.allow_value().clone());
        out.insert(VARY, preflight_vary(self.private_network));
        StatusCode::NO_CONTENT
    }

    /// Writes a preflight answer; `None` is a refusal.
    pub fn write_preflight(&self, grant: Option<&Grant>, out: &mut HeaderMap) -> StatusCode {
        out.insert(VARY, preflight_vary(self.private_network));
        let Some(grant) = grant else {
            return StatusCode::FORBIDDEN;
        };
        out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, grant.origin.clone());
        if self.credentials {
            out.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        out.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            self.methods.header_value().clone(),
        );
        if let Some(headers) = &grant.headers {
            out.insert(ACCESS_CONTROL_ALLOW_HEADERS, headers.clone());
        }
        if let Some((_, max_age)) = &self.max_age {
            out.insert(ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if grant.private_network {
            out.insert(ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK, TRUE);
        }
        StatusCode::NO_CONTENT
    }
}

/// The methods `route!` can route, in the order of a routed preflight's
/// table: those axum's `MethodRouter` has a function for, but `OPTIONS`
/// (answered by the preflight itself) and `TRACE`/`CONNECT` (never allowed
/// cross-origin).
pub const ROUTABLE_METHODS: [Method; 6] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Which policy decides a preflight: one for every method (a handler's own
/// `preflight`), or one per routed method (`route!`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Routes {
    /// `<handler>::preflight`: the handler's policy decides every method.
    One(&'static Policy),
    /// `route!`: the policy of the handler routed for each method of
    /// [`ROUTABLE_METHODS`], and the `Allow` value of a plain `OPTIONS`.
    ByMethod {
        policies: [Option<&'static Policy>; ROUTABLE_METHODS.len()],
        allow: &'static str,
    },
}

impl Routes {
    /// The policy that decides a preflight, `None` when no handler serves
    /// the requested method (or it is malformed).
    pub(crate) fn policy_for(&self, request: &HeaderMap) -> Option<&'static Policy> {
        match self {
            Routes::One(policy) => Some(policy),
            Routes::ByMethod { policies, .. } => {
                let method = requested_method(request).ok()?;
                let index = ROUTABLE_METHODS
                    .iter()
                    .position(|routable| routable.as_str().as_bytes() == method)?;
                policies[index]
            }
        }
    }

    /// The answer when [`Routes::policy_for`] found no policy: a plain
    /// `OPTIONS` gets `Allow`, a preflight for a method nobody serves `403`.
    pub(crate) fn answer_without_policy(
        &self,
        method: &Method,
        request: &HeaderMap,
        out: &mut HeaderMap,
    ) -> StatusCode {
        match self {
            Routes::One(policy) => policy.answer_options(method, request, out),
            Routes::ByMethod { policies, allow } => {
                // The same `Vary` as the routed policies' answers: with
                // private network access if any of them grants it.
                let private_network = policies.iter().flatten().any(|p| p.private_network);
                out.insert(VARY, preflight_vary(private_network));
                if is_preflight(method, request) {
                    #[cfg(feature = "tracing")]
                    crate::trace::unrouted(request);
                    return StatusCode::FORBIDDEN;
                }
                out.insert(ALLOW, HeaderValue::from_static(allow));
                StatusCode::NO_CONTENT
            }
        }
    }
}
