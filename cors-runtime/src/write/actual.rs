//! The CORS headers written on actual (non-preflight) responses.
//!
//! Headers the policy owns replace whatever the handler set, so a response
//! never carries two `Access-Control-Allow-Origin`; a refused request loses
//! every `Access-Control-*` header. The allowed origin is moved into the
//! response, never copied.

use http::HeaderMap;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    HeaderValue,
};

use crate::outcome::OriginCheck;
use crate::policy::Policy;
use crate::write::{ResponseHeaders, vary};

pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");

impl Policy {
    /// Writes this policy's answer to an actual request into the handler's
    /// response headers.
    ///
    /// ```
    /// # use cors_runtime::OriginCheck;
    /// # use http::{HeaderMap, HeaderValue};
    /// # fn demo(policy: &cors_runtime::Policy) {
    /// let mut response = HeaderMap::new();
    /// let check = OriginCheck::Allowed(HeaderValue::from_static("https://myapp.com"));
    /// policy.write_actual(check, &mut response);
    /// assert_eq!(response["access-control-allow-origin"], "https://myapp.com");
    /// # }
    /// ```
    #[doc(hidden)]
    pub fn write_actual(&self, check: OriginCheck, headers: &mut impl ResponseHeaders) {
        let refused = matches!(check, OriginCheck::Refused(_));
        if let OriginCheck::Allowed(origin) = check {
            // The three headers a browser reads on an actual response are
            // replaced (or removed) one by one: no scan of the others.
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if self.credentials {
                headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            } else if headers.contains_key(&ACCESS_CONTROL_ALLOW_CREDENTIALS) {
                headers.remove(&ACCESS_CONTROL_ALLOW_CREDENTIALS);
            }
            match &self.expose_value {
                Some(exposed) => {
                    headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, exposed.clone());
                }
                None if headers.contains_key(&ACCESS_CONTROL_EXPOSE_HEADERS) => {
                    headers.remove(&ACCESS_CONTROL_EXPOSE_HEADERS);
                }
                None => {}
            }
        } else {
            headers.remove_access_control();
        }
        if refused || self.varies_by_origin() {
            vary::add_origin(headers);
        }
    }
}

/// Removes every `Access-Control-*` header. Scans the names first so the
/// common case (none present) costs one pass and no allocation.
pub(crate) fn remove_access_control(headers: &mut HeaderMap) {
    let present = headers
        .keys()
        .any(|name| name.as_str().starts_with("access-control-"));
    if !present {
        return;
    }
    let names: Vec<_> = headers
        .keys()
        .filter(|name| name.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in names {
        headers.remove(name);
    }
}
