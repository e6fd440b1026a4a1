//! Deciding a preflight: the origin, then the requested method, headers and
//! private network access, each against the policy; and which policy
//! decides when several handlers share a path (`route!`). Pure: nothing is
//! written or traced here.

use http::{HeaderMap, Method};

use crate::outcome::{Grant, OriginCheck, Refusal};
use crate::policy::Policy;
use crate::request::{PreflightRequest, RequestHeaders};

impl Policy {
    /// Decides a preflight (`Err(MalformedMethod)` for a request that is not
    /// one: see [`PreflightRequest::read`]).
    #[doc(hidden)]
    pub fn check_preflight(&self, headers: &HeaderMap) -> Result<Grant, Refusal> {
        let Some(request) = PreflightRequest::read(&Method::OPTIONS, headers) else {
            return Err(Refusal::MalformedMethod);
        };
        self.check_preflight_with(&request, self.check_read_origin(request.origin))
    }

    /// Decides a preflight whose origin was already checked.
    #[doc(hidden)]
    pub fn check_preflight_with<H: RequestHeaders>(
        &self,
        request: &PreflightRequest<'_, H>,
        origin: OriginCheck,
    ) -> Result<Grant, Refusal> {
        let origin = match origin {
            OriginCheck::Allowed(origin) => origin,
            OriginCheck::Refused(refusal) => return Err(refusal),
            OriginCheck::NotCors => return Err(Refusal::MalformedOrigin),
        };
        if !self.methods.allows(request.method?) {
            return Err(Refusal::MethodNotAllowed);
        }
        let allowed_headers = self.headers.check(request.headers)?;
        let private_network = request.private_network();
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
/// table (`Routes::policy_for` indexes it in the same order): those axum's
/// `MethodRouter` has a function for, but `OPTIONS` (answered by the
/// preflight itself) and `TRACE`/`CONNECT` (never allowed cross-origin).
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
    pub(crate) fn policy_for<H>(
        &self,
        request: &PreflightRequest<'_, H>,
    ) -> Option<&'static Policy> {
        match self {
            Routes::One(policy) => Some(policy),
            Routes::ByMethod { policies, .. } => {
                let index = match request.method.ok()? {
                    b"GET" => 0,
                    b"HEAD" => 1,
                    b"POST" => 2,
                    b"PUT" => 3,
                    b"PATCH" => 4,
                    b"DELETE" => 5,
                    _ => return None,
                };
                policies[index]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    /// `policy_for` indexes the table by `ROUTABLE_METHODS`' order.
    #[test]
    fn each_routable_method_finds_its_own_policy() {
        static POLICIES: [Policy; ROUTABLE_METHODS.len()] =
            [const { Policy::UNCONFIGURED }; ROUTABLE_METHODS.len()];
        let routes = Routes::ByMethod {
            policies: std::array::from_fn(|i| Some(&POLICIES[i])),
            allow: "",
        };
        for (index, method) in ROUTABLE_METHODS.iter().enumerate() {
            let mut headers = HeaderMap::new();
            headers.insert(
                http::header::ORIGIN,
                HeaderValue::from_static("https://a.com"),
            );
            headers.insert(
                http::header::ACCESS_CONTROL_REQUEST_METHOD,
                HeaderValue::from_str(method.as_str()).unwrap(),
            );
            let request = PreflightRequest::read(&Method::OPTIONS, &headers).unwrap();
            let found = routes.policy_for(&request).unwrap();
            assert!(std::ptr::eq(found, &POLICIES[index]), "{method}");
        }
    }
}
