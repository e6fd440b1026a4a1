//! The answer to a request that cross-origin request protection refused:
//! `403` with a short plain-text body saying why, and no CORS permission.

use http::header::{CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use http::{HeaderValue, StatusCode};

use crate::outcome::{CsrfRefusal, OriginCheck};
use crate::policy::Policy;
use crate::write::ResponseHeaders;

impl Policy {
    /// Writes the headers of a `csrf` refusal into `out` (no
    /// `Access-Control-*`, `Vary: Origin`, a plain-text content type) and
    /// returns the status and the body to send.
    ///
    /// ```
    /// # use cors_runtime::OriginCheck;
    /// # use cors_runtime::outcome::{CsrfRefusal, Refusal};
    /// # use http::{HeaderMap, StatusCode};
    /// # fn demo(policy: &cors_runtime::Policy) {
    /// let mut response = HeaderMap::new();
    /// let check = OriginCheck::Refused(Refusal::OriginNotAllowed);
    /// let (status, body) = policy.write_csrf_refusal(CsrfRefusal::SecFetchSite, &check, &mut response);
    /// assert_eq!(status, StatusCode::FORBIDDEN);
    /// assert!(body.starts_with("Forbidden: cross-origin request refused"));
    /// # }
    /// ```
    #[doc(hidden)]
    pub fn write_csrf_refusal(
        &self,
        refusal: CsrfRefusal,
        check: &OriginCheck,
        out: &mut impl ResponseHeaders,
    ) -> (StatusCode, &'static str) {
        self.write_actual(check.clone(), out);
        out.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        out.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        (StatusCode::FORBIDDEN, refusal.body())
    }
}
