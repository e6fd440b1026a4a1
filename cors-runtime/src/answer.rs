//! Decide, trace, write: the one path every adapter calls for an answer.
//! The decision comes from `decide`, the `tracing` event from `trace`
//! (feature `tracing`), the headers from `write`.

use http::header::{ALLOW, VARY};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::decide::preflight::Routes;
use crate::outcome::OriginCheck;
use crate::policy::Policy;
use crate::request::{RequestOrigin, is_preflight, read_origin};
use crate::write::vary::preflight_vary;

impl Policy {
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

    /// [`Policy::decide_actual_now`] on an `Origin` already read (an
    /// adapter whose framework has other header types reads it itself).
    pub fn decide_actual_origin_now(&self, origin: RequestOrigin<'_>) -> OriginCheck {
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
}

impl Routes {
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
