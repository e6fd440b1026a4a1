//! Deciding a preflight: the origin, then the requested method, headers and
//! private network access, each against the policy; and which policy
//! decides when several handlers share a path (`route!`). Pure: nothing is
//! written or traced here.

use http::header::ACCESS_CONTROL_REQUEST_HEADERS;
use http::{HeaderMap, Method};

use crate::outcome::{Grant, OriginCheck, Refusal};
use crate::policy::Policy;
use crate::request::{ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK, requested_method};

impl Policy {
    /// Decides a preflight (the request must be one: see
    /// [`is_preflight`](crate::request::is_preflight)).
    #[doc(hidden)]
    pub fn check_preflight(&self, headers: &HeaderMap) -> Result<Grant, Refusal> {
        self.check_preflight_with(headers, self.check_origin(headers))
    }

    /// Decides a preflight whose origin was already checked.
    #[doc(hidden)]
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
}
