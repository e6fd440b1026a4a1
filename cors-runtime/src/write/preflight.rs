//! Writing a preflight's answer: `204` with the `Access-Control-Allow-*`
//! headers, or `403` with none of them, both with the same `Vary`; a plain
//! `OPTIONS` gets `204` with `Allow`.

use http::StatusCode;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ALLOW, HeaderName, VARY,
};

use crate::outcome::Grant;
use crate::policy::Policy;
use crate::write::ResponseHeaders;
use crate::write::actual::TRUE;
use crate::write::vary::preflight_vary;

/// `Access-Control-Allow-Private-Network`.
pub const ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

impl Policy {
    /// The answer to a plain `OPTIONS`: `204` with `Allow`.
    #[doc(hidden)]
    pub fn write_plain_options(&self, out: &mut impl ResponseHeaders) -> StatusCode {
        out.insert(ALLOW, self.methods.allow_value().clone());
        out.insert(VARY, preflight_vary(self.private_network));
        StatusCode::NO_CONTENT
    }

    /// Writes a preflight answer; `None` is a refusal.
    #[doc(hidden)]
    pub fn write_preflight(
        &self,
        grant: Option<Grant>,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        out.insert(VARY, preflight_vary(self.private_network));
        let Some(grant) = grant else {
            return StatusCode::FORBIDDEN;
        };
        out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, grant.origin);
        if self.credentials {
            out.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        out.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            self.methods.header_value().clone(),
        );
        if let Some(headers) = grant.headers {
            out.insert(ACCESS_CONTROL_ALLOW_HEADERS, headers);
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
