//! Decide, trace, write: the one path every adapter calls for an answer.
//! The decision comes from `decide`, the `tracing` event from `trace`
//! (feature `tracing`), the headers from `write`.

use http::header::{ALLOW, VARY};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::decide::preflight::Routes;
use crate::outcome::{CsrfRefusal, OriginCheck};
use crate::policy::Policy;
use crate::request::{PreflightRequest, RequestHeaders, RequestOrigin, read_origin};
use crate::write::ResponseHeaders;
use crate::write::vary::preflight_vary;

// The runtime's own entry points (adapters, benches, the fuzzer): public
// for them, hidden from docs, not part of the facade's API.
impl Policy {
    /// [`Policy::decide_actual`] without awaiting `with(async ...)`
    /// entries (they count as not allowing): the path of every policy
    /// that has none.
    #[doc(hidden)]
    pub fn decide_actual_now<H: RequestHeaders>(&self, headers: &H) -> OriginCheck {
        self.decide_actual_origin_now(read_origin(headers))
    }

    /// Decides an actual (non-preflight) request, emitting the `tracing`
    /// event when that feature is on.
    #[doc(hidden)]
    pub async fn decide_actual<H: RequestHeaders>(&self, headers: &H) -> OriginCheck {
        self.decide_actual_origin(read_origin(headers)).await
    }

    /// [`Policy::decide_actual_origin`] without awaiting `with(async ...)`
    /// entries.
    #[doc(hidden)]
    pub fn decide_actual_origin_now(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        let check = self.check_read_origin(origin);
        #[cfg(feature = "tracing")]
        crate::trace::actual(self, &origin, &check);
        check
    }

    /// [`Policy::decide_actual`] on an `Origin` already read.
    #[doc(hidden)]
    pub async fn decide_actual_origin(&self, origin: RequestOrigin<'_>) -> OriginCheck {
        let check = self.check_read_origin_async(origin).await;
        #[cfg(feature = "tracing")]
        crate::trace::actual(self, &origin, &check);
        check
    }

    /// Cross-origin request protection (`csrf = true`) for a request whose
    /// origin was already decided (`check`), emitting the `tracing` event
    /// (reason `csrf`) on a refusal. This is what every adapter calls
    /// before any extractor or the handler runs; on `Err`, answer with
    /// [`Policy::write_csrf_refusal`]. `uri_authority` is the request
    /// target's authority, used when there is no `Host` header.
    #[doc(hidden)]
    pub fn decide_csrf(
        &self,
        method: &Method,
        headers: &HeaderMap,
        uri_authority: Option<&str>,
        check: &OriginCheck,
    ) -> Result<(), CsrfRefusal> {
        let verdict = self.check_csrf(method, headers, uri_authority, check);
        #[cfg(feature = "tracing")]
        if let Err(refusal) = verdict {
            crate::trace::csrf(self, &read_origin(headers), refusal);
        }
        verdict
    }

    /// [`Policy::decide_csrf`] when the request itself is gone and only
    /// its [`cross_origin_signal`](crate::decide::csrf::cross_origin_signal) and `Origin` were kept (a layer).
    #[doc(hidden)]
    pub fn decide_csrf_signal(
        &self,
        signal: Option<CsrfRefusal>,
        origin: RequestOrigin<'_>,
        check: &OriginCheck,
    ) -> Result<(), CsrfRefusal> {
        let verdict = self.csrf_verdict(signal, &origin, check);
        #[cfg(feature = "tracing")]
        if let Err(refusal) = verdict {
            crate::trace::csrf(self, &origin, refusal);
        }
        verdict
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
    #[doc(hidden)]
    pub fn answer_options<H: RequestHeaders>(
        &self,
        method: &Method,
        request: &H,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        match PreflightRequest::read(method, request) {
            Some(preflight) => self.answer_read_preflight(&preflight, out),
            None => self.write_plain_options(out),
        }
    }

    /// Answers a request already known to be a preflight (no
    /// `with(async ...)` entries consulted).
    #[doc(hidden)]
    pub fn answer_preflight<H: RequestHeaders>(
        &self,
        request: &H,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        self.answer_options(&Method::OPTIONS, request, out)
    }

    /// [`Policy::answer_preflight`] on a preflight already read (the
    /// `tracing` event reads its headers again, only when enabled).
    #[doc(hidden)]
    pub fn answer_read_preflight<H: RequestHeaders>(
        &self,
        preflight: &PreflightRequest<'_, H>,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        let origin = self.check_read_origin(preflight.origin);
        self.answer_preflight_with(preflight, origin, out)
    }

    /// Decides, traces and writes a preflight whose origin was checked.
    fn answer_preflight_with<H: RequestHeaders>(
        &self,
        preflight: &PreflightRequest<'_, H>,
        origin: OriginCheck,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        let result = self.check_preflight_with(preflight, origin);
        #[cfg(feature = "tracing")]
        crate::trace::preflight(self, preflight.headers, &result);
        self.write_preflight(result.ok(), out)
    }

    /// [`Policy::answer_options`], awaiting `with(async ...)` entries.
    #[doc(hidden)]
    pub async fn decide_options<H: RequestHeaders>(
        &self,
        method: &Method,
        request: &H,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        let Some(preflight) = PreflightRequest::read(method, request) else {
            return self.write_plain_options(out);
        };
        let origin = self.check_read_origin_async(preflight.origin).await;
        self.answer_preflight_with(&preflight, origin, out)
    }
}

impl Routes {
    /// The answer when [`Routes::policy_for`] found no policy: a plain
    /// `OPTIONS` gets `Allow`, a preflight for a method nobody serves `403`.
    pub(crate) fn answer_without_policy<H: RequestHeaders>(
        &self,
        is_preflight: bool,
        method: &Method,
        request: &H,
        out: &mut impl ResponseHeaders,
    ) -> StatusCode {
        match self {
            Routes::One(policy) => policy.answer_options(method, request, out),
            Routes::ByMethod { policies, allow } => {
                // The same `Vary` as the routed policies' answers: with
                // private network access if any of them grants it.
                let private_network = policies.iter().flatten().any(|p| p.private_network);
                out.insert(VARY, preflight_vary(private_network));
                if is_preflight {
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
