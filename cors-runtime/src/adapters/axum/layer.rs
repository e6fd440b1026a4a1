//! A named policy as a tower `Layer` for a whole router (or a nest).
//!
//! The most specific policy decides, and only it writes: a handler's own
//! `#[cors]` over any layer, an inner layer over an outer one. That is
//! settled on the way out. The layer lets the request through untouched
//! but for a marker, so annotated handlers know to mark their responses;
//! on the way back a response that is already marked (by the handler, or by
//! a layer nearer to it) passes through unchanged, and an unmarked one gets
//! this layer's answer and the mark. So each request is decided once, by
//! the innermost policy, however many layers there are, and a
//! `with(async ...)` predicate is awaited at most once.
//!
//! Users get a layer from a named policy, `STRICT.layer()` after
//! `handler_cors::policy!(pub STRICT, ...)`; the README's "Mixing strict and
//! open routes" shows it with a router.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::Response;
use http::{HeaderMap, Method, Request};
use tower_layer::Layer;
use tower_service::Service;

use crate::policy::Policy;
use crate::request::{OriginSnapshot, cors_request_headers, is_preflight};

/// Put on requests by [`CorsLayer`], so annotated handlers know to mark
/// their responses (and pay for that only under a layer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnderCorsLayer;

/// Put on responses whose CORS headers a policy already wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answered;

/// Whether a request passed through a [`CorsLayer`].
pub(crate) fn is_under_layer(extensions: &http::Extensions) -> bool {
    extensions.get::<UnderCorsLayer>().is_some()
}

/// Marks a response as carrying the answer of the most specific policy.
pub(crate) fn mark_answered(response: &mut Response) {
    response.extensions_mut().insert(Answered);
}

/// A policy applied to every route of a router; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct CorsLayer {
    policy: &'static Policy,
}

impl CorsLayer {
    /// A layer answering with `policy`.
    #[doc(hidden)]
    pub fn new(policy: &'static Policy) -> CorsLayer {
        CorsLayer { policy }
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> CorsService<S> {
        CorsService {
            inner,
            policy: self.policy,
        }
    }
}

/// The service [`CorsLayer`] wraps around each route.
#[derive(Debug, Clone)]
pub struct CorsService<S> {
    inner: S,
    policy: &'static Policy,
}

/// What the layer keeps of a request to decide it once the inner service
/// has answered: only the headers the decision reads.
enum Pending {
    Actual(OriginSnapshot),
    /// A preflight: its CORS request headers (a rare request, and one
    /// browsers cache, so a small copy is fine).
    Preflight(HeaderMap),
}

impl Pending {
    fn of<B>(request: &Request<B>) -> Pending {
        let headers = request.headers();
        if !is_preflight(request.method(), headers) {
            return Pending::Actual(OriginSnapshot::of(headers));
        }
        Pending::Preflight(cors_request_headers(headers))
    }

    /// This layer's answer without awaiting: the path of every policy
    /// without `with(async ...)` entries.
    fn answer_now(self, policy: &'static Policy, mut response: Response, mark: bool) -> Response {
        match self {
            Pending::Actual(origin) => {
                let check = policy.decide_actual_origin_now(origin.read());
                policy.write_actual(check, response.headers_mut());
            }
            Pending::Preflight(request) => {
                response = Response::new(Body::empty());
                let status =
                    policy.answer_options(&Method::OPTIONS, &request, response.headers_mut());
                *response.status_mut() = status;
            }
        }
        if mark {
            mark_answered(&mut response);
        }
        response
    }

    /// This layer's answer, written into `response` (an actual request) or
    /// replacing it (a preflight).
    async fn answer(self, policy: &'static Policy, mut response: Response, mark: bool) -> Response {
        match self {
            Pending::Actual(origin) => {
                let check = policy.decide_actual_origin(origin.read()).await;
                policy.write_actual(check, response.headers_mut());
            }
            Pending::Preflight(request) => {
                response = Response::new(Body::empty());
                let status = policy
                    .decide_options(&Method::OPTIONS, &request, response.headers_mut())
                    .await;
                *response.status_mut() = status;
            }
        }
        if mark {
            mark_answered(&mut response);
        }
        response
    }
}

impl<S, B> Service<Request<B>> for CorsService<S>
where
    S: Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = CorsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let pending = Pending::of(&request);
        // Under an outer layer the marker is already there, and this layer
        // must mark its answer so the outer one leaves it alone; the
        // outermost layer's answer needs no mark (and no allocation).
        let outer = is_under_layer(request.extensions());
        if !outer {
            request.extensions_mut().insert(UnderCorsLayer);
        }
        CorsFuture {
            inner: self.inner.call(request),
            policy: self.policy,
            pending: Some(pending),
            mark: outer,
            deciding: None,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`CorsService`]: the inner service's response, then this
    /// layer's answer unless a more specific policy already wrote one. No
    /// allocation unless the policy awaits a `with(async ...)` entry.
    pub struct CorsFuture<F> {
        #[pin]
        inner: F,
        policy: &'static Policy,
        pending: Option<Pending>,
        // Whether an outer layer must be told this layer answered.
        mark: bool,
        deciding: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
    }
}

impl<F, E> Future for CorsFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Some(deciding) = this.deciding {
            return deciding.as_mut().poll(cx).map(Ok);
        }
        let response = match this.inner.poll(cx) {
            Poll::Ready(Ok(response)) => response,
            other => return other,
        };
        let Some(pending) = this.pending.take() else {
            return Poll::Ready(Ok(response));
        };
        if response.extensions().get::<Answered>().is_some() {
            return Poll::Ready(Ok(response));
        }
        let policy = *this.policy;
        if !policy.origins.is_async() {
            return Poll::Ready(Ok(pending.answer_now(policy, response, *this.mark)));
        }
        let mut deciding = Box::pin(pending.answer(policy, response, *this.mark));
        match deciding.as_mut().poll(cx) {
            Poll::Ready(response) => Poll::Ready(Ok(response)),
            Poll::Pending => {
                *this.deciding = Some(deciding);
                Poll::Pending
            }
        }
    }
}
