//! The axum 0.8 integration: the extractor the attribute adds in front of a
//! handler's arguments, the wrapper around its return value, and the
//! `OPTIONS` handlers.

use std::marker::PhantomData;

use axum_core::body::Body;
use axum_core::extract::FromRequestParts;
use axum_core::response::IntoResponse;

pub use axum_core::extract::Request;
pub use axum_core::response::Response;
use http::Method;
use http::request::Parts;

use crate::layer::{is_under_layer, mark_answered};
use crate::request::is_preflight;
use crate::{OriginCheck, Policy};

/// Names the static policy of one annotated handler; the attribute
/// implements it on a hidden type beside the handler, and `policy!` on the
/// named policy's own type.
pub trait PolicySource: Send + Sync + 'static {
    /// The handler's policy.
    const POLICY: &'static Policy;
}

/// A `Policy` or a reference to one: what `preflight!` accepts as a
/// handler's `POLICY` (a `static` for its own policy, a `&'static` for a
/// named one).
pub trait AsPolicy {
    /// The policy.
    fn as_policy(&'static self) -> &'static Policy;
}

impl AsPolicy for Policy {
    fn as_policy(&'static self) -> &'static Policy {
        self
    }
}

impl AsPolicy for &'static Policy {
    fn as_policy(&'static self) -> &'static Policy {
        self
    }
}

/// The extractor `#[cors]` puts first in a handler's arguments.
///
/// It checks the request's origin before any other extractor runs, and
/// answers a preflight itself (as a rejection), so neither the handler body
/// nor its other extractors run for one even when the handler is mounted
/// for `OPTIONS` too.
pub struct CorsRequest<P> {
    check: OriginCheck,
    under_layer: bool,
    source: PhantomData<fn() -> P>,
}

impl<P> std::fmt::Debug for CorsRequest<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorsRequest")
            .field("check", &self.check)
            .finish()
    }
}

impl<S, P> FromRequestParts<S> for CorsRequest<P>
where
    S: Send + Sync,
    P: PolicySource,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        // The work is in one non-generic function, compiled once rather
        // than once per annotated handler.
        let (check, under_layer) = extract(P::POLICY, parts).await?;
        Ok(CorsRequest {
            check,
            under_layer,
            source: PhantomData,
        })
    }
}

/// Answers a preflight (as a rejection) or decides an actual request.
async fn extract(policy: &'static Policy, parts: &Parts) -> Result<(OriginCheck, bool), Response> {
    let under_layer = is_under_layer(&parts.extensions);
    if is_preflight(&parts.method, &parts.headers) {
        let mut response = options_response();
        let status = if policy.origins.is_async() {
            Box::pin(policy.decide_options(&parts.method, &parts.headers, response.headers_mut()))
                .await
        } else {
            policy.answer_preflight(&parts.headers, response.headers_mut())
        };
        *response.status_mut() = status;
        if under_layer {
            mark_answered(&mut response);
        }
        return Err(response);
    }
    let check = if policy.origins.is_async() {
        Box::pin(policy.decide_actual(&parts.headers)).await
    } else {
        policy.decide_actual_now(&parts.headers)
    };
    Ok((check, under_layer))
}

impl<P: PolicySource> CorsRequest<P> {
    /// Wraps the handler's return value so its response gets this
    /// request's CORS headers.
    pub fn respond<R>(self, inner: R) -> WithCors<R> {
        WithCors {
            inner,
            check: self.check,
            under_layer: self.under_layer,
            policy: P::POLICY,
        }
    }
}

/// A handler's return value with the CORS headers still to be written: the
/// return type `#[cors]` gives a handler.
#[must_use]
pub struct WithCors<R> {
    inner: R,
    check: OriginCheck,
    under_layer: bool,
    policy: &'static Policy,
}

impl<R> WithCors<R> {
    /// The handler's own return value.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: std::fmt::Debug> std::fmt::Debug for WithCors<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithCors")
            .field("inner", &self.inner)
            .field("check", &self.check)
            .finish()
    }
}

impl<R: IntoResponse> IntoResponse for WithCors<R> {
    fn into_response(self) -> Response {
        finish(
            self.policy,
            &self.check,
            self.under_layer,
            self.inner.into_response(),
        )
    }
}

/// The non-generic half of [`WithCors::into_response`].
fn finish(
    policy: &Policy,
    check: &OriginCheck,
    under_layer: bool,
    mut response: Response,
) -> Response {
    policy.write_actual(check, response.headers_mut());
    if under_layer {
        mark_answered(&mut response);
    }
    response
}

/// The `<handler>::preflight` body: answers `OPTIONS` for one policy.
///
/// Without `with(async ...)` entries the answer is ready at once; the
/// future is then two words, not a state machine holding the request.
pub fn answer_preflight(policy: &'static Policy, request: Request) -> OptionsFuture {
    if !policy.origins.is_async() {
        return OptionsFuture::Ready(Some(options_now(policy, request)));
    }
    OptionsFuture::Pending(Box::pin(async move {
        let (head, _body) = request.into_parts();
        let mut response = options_response();
        let status = policy
            .decide_options(&head.method, &head.headers, response.headers_mut())
            .await;
        *response.status_mut() = status;
        if is_under_layer(&head.extensions) {
            mark_answered(&mut response);
        }
        response
    }))
}

/// The `preflight!(a, b)` body: answers `OPTIONS` for a path served by
/// several handlers, choosing the policy by the requested method.
pub fn answer_preflight_any(policies: &[&'static Policy], request: Request) -> OptionsFuture {
    if !is_preflight(request.method(), request.headers()) {
        let mut response = options_response();
        let status = crate::preflight::plain_options_any(policies, response.headers_mut());
        *response.status_mut() = status;
        return OptionsFuture::Ready(Some(response));
    }
    match crate::preflight::select_policy(policies, request.headers()) {
        Some(policy) => answer_preflight(policy, request),
        None => {
            let mut response = options_response();
            response
                .headers_mut()
                .insert(http::header::VARY, crate::vary::PREFLIGHT_VARY);
            *response.status_mut() = http::StatusCode::FORBIDDEN;
            OptionsFuture::Ready(Some(response))
        }
    }
}

fn options_now(policy: &Policy, request: Request) -> Response {
    let (head, _body) = request.into_parts();
    let mut response = options_response();
    let status = policy.answer_options(&head.method, &head.headers, response.headers_mut());
    *response.status_mut() = status;
    if is_under_layer(&head.extensions) {
        mark_answered(&mut response);
    }
    response
}

/// The future of an `OPTIONS` answer: ready at once, or boxed when the
/// policy has to await a `with(async ...)` entry.
pub enum OptionsFuture {
    /// The answer (taken on the first poll).
    Ready(Option<Response>),
    /// An answer that awaits a predicate.
    Pending(std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>),
}

impl std::future::Future for OptionsFuture {
    type Output = Response;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Response> {
        match self.get_mut() {
            OptionsFuture::Ready(response) => std::task::Poll::Ready(
                response
                    .take()
                    .unwrap_or_else(|| Response::new(Body::empty())),
            ),
            OptionsFuture::Pending(future) => future.as_mut().poll(cx),
        }
    }
}

/// The `<handler>::preflight` value: an axum handler answering `OPTIONS`
/// for one policy.
///
/// One type for every handler's `preflight` (rather than one function
/// each), so an app with many routes compiles the `OPTIONS` handling once.
#[derive(Debug, Clone, Copy)]
pub struct Preflight {
    policy: &'static Policy,
}

impl Preflight {
    /// The `OPTIONS` handler of `policy`.
    pub const fn new(policy: &'static Policy) -> Preflight {
        Preflight { policy }
    }

    /// Answers one request, as the router would.
    pub fn answer(self, request: Request) -> OptionsFuture {
        answer_preflight(self.policy, request)
    }
}

#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PreflightMarker;

impl<S> axum::handler::Handler<PreflightMarker, S> for Preflight
where
    S: Send + Sync + 'static,
{
    type Future = OptionsFuture;

    fn call(self, request: Request, _state: S) -> OptionsFuture {
        answer_preflight(self.policy, request)
    }
}

/// An empty response with room for every header a preflight answer
/// writes, so they go in without the map growing.
fn options_response() -> Response {
    let mut response = Response::new(Body::empty());
    *response.headers_mut() = http::HeaderMap::with_capacity(8);
    response
}

/// Whether `method` is `OPTIONS`; kept here so generated code needs no `http` import.
pub fn is_options(method: &Method) -> bool {
    method == Method::OPTIONS
}
