//! Deciding an `Origin`: allowed (and what to echo), refused, or not a CORS
//! request at all. Pure: nothing is written or traced here.

use http::{HeaderMap, HeaderValue};

use crate::matching::origins::AllowOrigin;
use crate::outcome::{OriginCheck, Refusal};
use crate::policy::Policy;
use crate::request::{RequestOrigin, read_origin};

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
    #[doc(hidden)]
    pub fn check_origin(&self, headers: &HeaderMap) -> OriginCheck {
        self.check_read_origin(read_origin(headers))
    }

    /// [`Policy::check_origin`] on an `Origin` already read.
    #[doc(hidden)]
    pub fn check_read_origin(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        match origin {
            RequestOrigin::Absent => self.without_origin(),
            RequestOrigin::Invalid(refusal) => OriginCheck::Refused(refusal),
            RequestOrigin::Present { value, text } => {
                self.origin_answer(value, self.origins.allows(text))
            }
        }
    }

    /// [`Policy::check_read_origin`], awaiting the `with(async ...)` entries.
    #[doc(hidden)]
    pub async fn check_read_origin_async(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        match origin {
            RequestOrigin::Present { value, text } if self.origins.is_async() => {
                let allowed = self.origins.allows_async(text).await;
                self.origin_answer(value, allowed)
            }
            other => self.check_read_origin(other),
        }
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
    #[doc(hidden)]
    pub fn varies_by_origin(&self) -> bool {
        !matches!(self.origins, AllowOrigin::Any) || self.credentials
    }
}
