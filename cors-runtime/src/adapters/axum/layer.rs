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
//! Cross-origin request protection (`csrf = true` on the named policy) is
//! the one thing a layer decides on the way in: a refused request never
//! reaches the inner service, so no handler under the layer runs for it.
//! It is a floor: a handler's own policy (or an inner layer) cannot loosen
//! it, since the layer cannot know, before the request goes in, which
//! handler would serve it. Inner policies with `csrf = true` check again
//! with their own origins, so protections add up; the CORS headers are
//! still written by the most specific policy alone.
//!
//! Users get a layer from a named policy, `STRICT.layer()` after
//! `handler_cors::policy!(pub STRICT, ...)`; the README's "Mixing strict and
//! open routes" shows it with a router.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::Response;
use http::{Method, Request};
use tower_layer::Layer;
use tower_service::Service;

use crate::decide::csrf::cross_origin_signal;
use crate::outcome::{CsrfRefusal, OriginCheck};
use crate::policy::Policy;
use crate::request::{CorsRequestHeaders, OriginSnapshot, is_preflight};

/// Put on requests by [`CorsLayer`], so annotated handlers know to mark
/// their responses (and pay for that only under a layer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnderCorsLayer;

/// Put on responses whose CORS headers a policy already wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answered;

/// Put on a request by a `csrf` layer that decided its origin on the way
/// in, so a handler with the same policy reuses the decision instead of
/// making it (and awaiting a `with(async ...)` predicate) again.
#[derive(Debug, Clone)]
pub(crate) struct DecidedOnTheWayIn {
    pub(crate) policy: &'static Policy,
    pub(crate) check: OriginCheck,
}

/// The decision a layer already made for `policy`, if any.
pub(crate) fn decided_on_the_way_in(
    extensions: &http::Extensions,
    policy: &'static Policy,
) -> Option<OriginCheck> {
    extensions
        .get::<DecidedOnTheWayIn>()
        .filter(|decided| std::ptr::eq(decided.policy, policy))
        .map(|decided| decided.check.clone())
}

/// Whether a request passed through a [`CorsLayer`].
pub(crate) fn is_under_layer(extensions: &http::Extensions) -> bool {
    extensions.get::<UnderCorsLayer>().is_some()
}

/// Marks a response as carrying the answer of the most specific policy.
pub(crate) fn mark_answered(response: &mut Response) {
    response.extensions_mut().insert(Answered);
}

/// The `403` of cross-origin request protection, as a response.
pub(crate) fn csrf_refusal(
    policy: &Policy,
    refusal: CsrfRefusal,
    check: &OriginCheck,
    under_layer: bool,
) -> Response {
    let mut response = Response::new(Body::empty());
    let (status, body) = policy.write_csrf_refusal(refusal, check, response.headers_mut());
    *response.body_mut() = Body::from(body);
    *response.status_mut() = status;
    if under_layer {
        mark_answered(&mut response);
    }
    response
}

pub use crate::generated::CorsLayer;

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
    /// A preflight: its CORS request headers (their values shared, not
    /// copied; boxed, as actual requests are the common case).
    Preflight(Box<CorsRequestHeaders>),
}

impl Pending {
    fn of<B>(request: &Request<B>) -> Pending {
        let headers = request.headers();
        if request.method() != Method::OPTIONS {
            return Pending::Actual(OriginSnapshot::of(headers));
        }
        // The copy a preflight keeps is made first, and read to tell one.
        let kept = CorsRequestHeaders::of(headers);
        if is_preflight(&Method::OPTIONS, &kept) {
            Pending::Preflight(Box::new(kept))
        } else {
            Pending::Actual(OriginSnapshot::of(headers))
        }
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
                response = options_response();
                let status =
                    policy.answer_options(&Method::OPTIONS, &*request, response.headers_mut());
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
                response = options_response();
                let status = policy
                    .decide_options(&Method::OPTIONS, &*request, response.headers_mut())
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
    type Future = CorsFuture<S::Future, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let policy = self.policy;
        let pending = Pending::of(&request);
        // Under an outer layer the marker is already there, and this layer
        // must mark its answer so the outer one leaves it alone; the
        // outermost layer's answer needs no mark (and no allocation).
        let outer = is_under_layer(request.extensions());
        if !outer {
            request.extensions_mut().insert(UnderCorsLayer);
        }
        // Cross-origin request protection is decided on the way in, before
        // the inner service (and any handler) runs; the origin decision it
        // needs is made once, reused on the way out and by a handler with
        // the same policy.
        let signal = if policy.csrf {
            let authority = request.uri().authority().map(|a| a.as_str());
            cross_origin_signal(request.method(), request.headers(), authority)
        } else {
            None
        };
        let mut decided = None;
        if let (Some(_), Pending::Actual(origin)) = (signal, &pending) {
            if policy.origins.is_async() {
                // Rare: the decision must be awaited before the request
                // goes in, so this one request is answered from a box.
                let clone = self.inner.clone();
                let inner = std::mem::replace(&mut self.inner, clone);
                return CorsFuture::boxed(Box::pin(protect_async(
                    policy, inner, request, pending, signal, outer,
                )));
            }
            let check = policy.decide_actual_origin_now(origin.read());
            if let Err(refusal) = policy.decide_csrf_signal(signal, origin.read(), &check) {
                return CorsFuture::refused(csrf_refusal(policy, refusal, &check, true));
            }
            request.extensions_mut().insert(DecidedOnTheWayIn {
                policy,
                check: check.clone(),
            });
            decided = Some(check);
        }
        CorsFuture {
            state: State::Inner {
                future: self.inner.call(request),
            },
            policy,
            pending: Some(pending),
            decided,
            mark: outer,
            deciding: None,
        }
    }
}

/// The layer's whole answer when a `csrf` check must await a
/// `with(async ...)` entry before the request goes in.
async fn protect_async<S, B>(
    policy: &'static Policy,
    mut inner: S,
    mut request: Request<B>,
    pending: Pending,
    signal: Option<CsrfRefusal>,
    mark: bool,
) -> Result<Response, S::Error>
where
    S: Service<Request<B>, Response = Response>,
{
    let Pending::Actual(origin) = &pending else {
        return inner.call(request).await;
    };
    let check = policy.decide_actual_origin(origin.read()).await;
    if let Err(refusal) = policy.decide_csrf_signal(signal, origin.read(), &check) {
        return Ok(csrf_refusal(policy, refusal, &check, true));
    }
    request.extensions_mut().insert(DecidedOnTheWayIn {
        policy,
        check: check.clone(),
    });
    let mut response = inner.call(request).await?;
    if response.extensions().get::<Answered>().is_none() {
        policy.write_actual(check, response.headers_mut());
        if mark {
            mark_answered(&mut response);
        }
    }
    Ok(response)
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// The policy of a future that answered on the way in (never read).
static NO_POLICY: Policy = Policy::UNCONFIGURED;

pin_project_lite::pin_project! {
    /// The future of [`CorsService`]: the inner service's response, then this
    /// layer's answer unless a more specific policy already wrote one. No
    /// allocation unless a `with(async ...)` entry must be awaited.
    pub struct CorsFuture<F, E> {
        #[pin]
        state: State<F, E>,
        policy: &'static Policy,
        pending: Option<Pending>,
        // The origin decision a `csrf` check already made on the way in.
        decided: Option<OriginCheck>,
        // Whether an outer layer must be told this layer answered.
        mark: bool,
        deciding: Option<BoxFuture<Response>>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProjection]
    enum State<F, E> {
        // The inner service's future.
        Inner { #[pin] future: F },
        // Answered on the way in (a `csrf` refusal).
        Refused { response: Option<Response> },
        // The rare path that awaited before going in.
        Boxed { future: BoxFuture<Result<Response, E>> },
    }
}

impl<F, E> CorsFuture<F, E> {
    fn refused(response: Response) -> Self {
        Self::other(State::Refused {
            response: Some(response),
        })
    }

    fn boxed(future: BoxFuture<Result<Response, E>>) -> Self {
        Self::other(State::Boxed { future })
    }

    fn other(state: State<F, E>) -> Self {
        CorsFuture {
            state,
            policy: &NO_POLICY,
            pending: None,
            decided: None,
            mark: false,
            deciding: None,
        }
    }
}

impl<F, E> Future for CorsFuture<F, E>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Some(deciding) = this.deciding {
            return deciding.as_mut().poll(cx).map(Ok);
        }
        let mut response = match this.state.project() {
            StateProjection::Inner { future } => match future.poll(cx) {
                Poll::Ready(Ok(response)) => response,
                other => return other,
            },
            StateProjection::Refused { response } => {
                return Poll::Ready(Ok(response
                    .take()
                    .unwrap_or_else(|| Response::new(Body::empty()))));
            }
            StateProjection::Boxed { future } => return future.as_mut().poll(cx),
        };
        let Some(pending) = this.pending.take() else {
            return Poll::Ready(Ok(response));
        };
        if response.extensions().get::<Answered>().is_some() {
            return Poll::Ready(Ok(response));
        }
        let policy = *this.policy;
        if let Some(check) = this.decided.take() {
            policy.write_actual(check, response.headers_mut());
            if *this.mark {
                mark_answered(&mut response);
            }
            return Poll::Ready(Ok(response));
        }
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

/// An empty response with room for every header a preflight answer
/// writes, so they go in without the map growing.
pub(crate) fn options_response() -> Response {
    let mut response = Response::new(Body::empty());
    *response.headers_mut() = http::HeaderMap::with_capacity(8);
    response
}
