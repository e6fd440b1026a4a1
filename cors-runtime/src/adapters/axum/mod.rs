//! The axum 0.8 adapter: axum's traits for the types the generated code
//! names (the extractors, the response wrapper, the `OPTIONS` handler), the
//! method routers `route!` builds on, and the tower layer of a named policy.
//! Each answer is decide -> trace -> write from `answer`.

pub mod layer;
mod testing;

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::extract::{FromRequest, FromRequestParts};
use axum_core::response::IntoResponse;

pub use ::axum::routing;
pub use axum_core::extract::Request;
pub use axum_core::response::Response;
use http::request::Parts;

use crate::decide::csrf::SEC_FETCH_SITE;
use crate::generated::{
    Alone, CorsRequest, EarlierRejection, Extracted, Extraction, Leading, PolicySource, Preflight,
    Rejection, WithCors,
};
use crate::outcome::{OriginCheck, Refusal};
use crate::policy::Policy;
use crate::request::{CorsRequestHeaders, PreflightRequest};
use layer::{csrf_refusal, decided_on_the_way_in, is_under_layer, mark_answered, options_response};

impl<S, P> FromRequestParts<S> for CorsRequest<P, Leading>
where
    S: Send + Sync,
    P: PolicySource,
{
    type Rejection = Response;

    fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Response>> + Send {
        // All the work is in `extract`, compiled once; what is generic over
        // the handler's policy is this call and a two-line `poll`.
        CorsRequestFuture {
            decision: extract(P::POLICY, parts),
            source: PhantomData,
        }
    }
}

// The handler's only argument: extracted from the whole request directly,
// not through axum's adapter from `FromRequestParts` (an async block per
// handler to compile).
impl<S, P> FromRequest<S> for CorsRequest<P, Alone>
where
    S: Send + Sync,
    P: PolicySource,
{
    type Rejection = Response;

    fn from_request(
        request: Request,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Response>> + Send {
        CorsRequestFuture {
            decision: extract_whole(P::POLICY, request),
            source: PhantomData,
        }
    }
}

/// The leading extractor's future: the non-generic decision, then the
/// handler's `CorsRequest<P, K>` built from it.
struct CorsRequestFuture<P, K> {
    decision: Decision,
    source: PhantomData<fn() -> (P, K)>,
}

impl<P, K> Future for CorsRequestFuture<P, K> {
    type Output = Result<CorsRequest<P, K>, Response>;

    // The response is the preflight's answer, sent as it is.
    #[allow(clippy::result_large_err)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // A plain match, no closures: this is the one function generic over
        // the handler, instantiated once per annotated handler.
        match self.get_mut().decision.poll(cx) {
            Poll::Ready(Ok((check, under_layer))) => Poll::Ready(Ok(CorsRequest {
                check,
                under_layer,
                source: PhantomData,
            })),
            Poll::Ready(Err(answer)) => Poll::Ready(Err(answer)),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A decided request (its origin check and whether a layer covers it), or
/// the answer to a preflight.
type Decided = Result<(OriginCheck, bool), Response>;

/// The decision of the leading extractor: ready at once, or boxed when the
/// policy has to await a `with(async ...)` entry.
enum Decision {
    Ready(Option<Decided>),
    Pending(Pin<Box<dyn Future<Output = Decided> + Send>>),
}

impl Decision {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Decided> {
        match self {
            // Taken once; polled again only by a broken executor, which
            // then gets a refusal rather than a panic.
            Decision::Ready(decided) => Poll::Ready(
                decided
                    .take()
                    .unwrap_or(Ok((OriginCheck::Refused(Refusal::MalformedOrigin), false))),
            ),
            Decision::Pending(future) => future.as_mut().poll(cx),
        }
    }
}

/// Answers a preflight (as a rejection) or decides an actual request.
/// [`extract`] from the whole request (the handler's only argument), which
/// is dropped here, not in the code generic over the handler.
fn extract_whole(policy: &'static Policy, request: Request) -> Decision {
    let (parts, _body) = request.into_parts();
    extract(policy, &parts)
}

fn extract(policy: &'static Policy, parts: &Parts) -> Decision {
    let under_layer = is_under_layer(&parts.extensions);
    let preflight = PreflightRequest::read(&parts.method, &parts.headers);
    if preflight.is_none()
        && let Some(check) = decided_on_the_way_in(&parts.extensions, policy)
    {
        // A `csrf` layer with this same policy already decided the origin.
        return Decision::Ready(Some(protect(policy, parts, check, under_layer)));
    }
    if policy.origins.is_async() {
        // Rare: a `with(async ...)` entry. The future owns what it reads:
        // the CORS request headers, and for the csrf check the method,
        // `Sec-Fetch-Site`, `Host` and the URI's authority.
        let mut headers = http::HeaderMap::with_capacity(6);
        for name in CorsRequestHeaders::NAMES
            .iter()
            .chain(&[http::header::HOST, SEC_FETCH_SITE])
        {
            for value in parts.headers.get_all(name) {
                headers.append(name.clone(), value.clone());
            }
        }
        let method = parts.method.clone();
        let authority = parts.uri.authority().map(|a| a.as_str().to_owned());
        let preflight = preflight.is_some();
        return Decision::Pending(Box::pin(async move {
            if preflight {
                let mut response = options_response();
                let status = policy
                    .decide_options(&method, &headers, response.headers_mut())
                    .await;
                *response.status_mut() = status;
                if under_layer {
                    mark_answered(&mut response);
                }
                return Err(response);
            }
            let check = policy.decide_actual(&headers).await;
            match policy.decide_csrf(&method, &headers, authority.as_deref(), &check) {
                Ok(()) => Ok((check, under_layer)),
                Err(refusal) => Err(csrf_refusal(policy, refusal, &check, under_layer)),
            }
        }));
    }
    if let Some(preflight) = preflight {
        let mut response = options_response();
        *response.status_mut() = policy.answer_read_preflight(&preflight, response.headers_mut());
        if under_layer {
            mark_answered(&mut response);
        }
        return Decision::Ready(Some(Err(response)));
    }
    let check = policy.decide_actual_now(&parts.headers);
    Decision::Ready(Some(protect(policy, parts, check, under_layer)))
}

/// Cross-origin request protection (`csrf = true`), after the origin was
/// decided: refuses before any other extractor or the body runs.
// The refusal is the response sent as it is.
#[allow(clippy::result_large_err)]
fn protect(
    policy: &'static Policy,
    parts: &Parts,
    check: OriginCheck,
    under_layer: bool,
) -> Decided {
    let authority = parts.uri.authority().map(|authority| authority.as_str());
    match policy.decide_csrf(&parts.method, &parts.headers, authority, &check) {
        Ok(()) => Ok((check, under_layer)),
        Err(refusal) => Err(csrf_refusal(policy, refusal, &check, under_layer)),
    }
}

/// A rejection as a response: the axum response it was made from.
fn rejection_response(rejection: Rejection) -> Response {
    match rejection.0.downcast::<Response>() {
        Ok(response) => *response,
        // Only `Extracted`'s never-read "skipped" state lands here.
        Err(_) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = http::StatusCode::BAD_REQUEST;
            response
        }
    }
}

fn extracted<T, E: IntoResponse>(result: Result<T, E>) -> Extracted<T> {
    match result {
        Ok(value) => Extracted(Extraction::Value(value)),
        Err(rejection) => Extracted(Extraction::Rejected(Rejection(Box::new(
            rejection.into_response(),
        )))),
    }
}

impl<S, T> FromRequestParts<S> for Extracted<T>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<EarlierRejection>().is_some() {
            return Ok(Extracted(Extraction::Skipped));
        }
        let extracted = extracted(T::from_request_parts(parts, state).await);
        if extracted.is_rejected() {
            parts.extensions.insert(EarlierRejection);
        }
        Ok(extracted)
    }
}

impl<S, T> FromRequest<S> for Extracted<T>
where
    S: Send + Sync,
    T: FromRequest<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if request.extensions().get::<EarlierRejection>().is_some() {
            return Ok(Extracted(Extraction::Skipped));
        }
        // The body extractor is the last one: no argument after it reads
        // the marker, so its own rejection needs none.
        Ok(extracted(T::from_request(request, state).await))
    }
}

impl<R: IntoResponse> IntoResponse for WithCors<R> {
    fn into_response(self) -> Response {
        let response = match self.inner {
            Ok(inner) => inner.into_response(),
            Err(rejection) => rejection_response(rejection),
        };
        finish(self.policy, self.check, self.under_layer, response)
    }
}

/// The non-generic half of [`WithCors::into_response`].
fn finish(
    policy: &Policy,
    check: OriginCheck,
    under_layer: bool,
    mut response: Response,
) -> Response {
    policy.write_actual(check, response.headers_mut());
    if under_layer {
        mark_answered(&mut response);
    }
    response
}

impl Preflight {
    /// Answers one request, as the router would.
    pub fn answer(self, request: Request) -> OptionsFuture {
        let (head, _body) = request.into_parts();
        let under_layer = is_under_layer(&head.extensions);
        let preflight = PreflightRequest::read(&head.method, &head.headers);
        let policy = preflight
            .as_ref()
            .and_then(|preflight| self.routes.policy_for(preflight));
        if let Some(policy) = policy.filter(|policy| policy.origins.is_async()) {
            return OptionsFuture::Pending(Box::pin(async move {
                let mut response = options_response();
                let status = policy
                    .decide_options(&head.method, &head.headers, response.headers_mut())
                    .await;
                *response.status_mut() = status;
                if under_layer {
                    mark_answered(&mut response);
                }
                response
            }));
        }
        let mut response = options_response();
        let status = match (policy, &preflight) {
            (Some(policy), Some(preflight)) => {
                policy.answer_read_preflight(preflight, response.headers_mut())
            }
            _ => self.routes.answer_without_policy(
                preflight.is_some(),
                &head.method,
                &head.headers,
                response.headers_mut(),
            ),
        };
        *response.status_mut() = status;
        if under_layer {
            mark_answered(&mut response);
        }
        OptionsFuture::Ready(Some(response))
    }
}

/// `router` with `preflight` answering its `OPTIONS`: how `route!` ends.
/// A function rather than `.options(preflight)` written at each route:
/// the trait lookup behind axum's generic `options` is then done once,
/// here, instead of once per route in the user's crate (about 1 ms of type
/// checking each).
pub fn with_preflight<S>(
    router: routing::MethodRouter<S>,
    preflight: Preflight,
) -> routing::MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    router.options(preflight)
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
        self.answer(request)
    }
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
