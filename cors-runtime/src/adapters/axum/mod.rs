//! The axum 0.8 adapter: axum's traits for the types the generated code
//! names (the extractors, the response wrapper, the `OPTIONS` handler), the
//! method routers `route!` builds on, and the tower layer of a named policy.
//! Each answer is decide -> trace -> write from `answer`.

pub mod layer;
mod testing;

use std::marker::PhantomData;

use axum_core::body::Body;
use axum_core::extract::{FromRequest, FromRequestParts};
use axum_core::response::IntoResponse;

pub use ::axum::routing;
pub use axum_core::extract::Request;
pub use axum_core::response::Response;
use http::request::Parts;

use crate::generated::{
    CorsRequest, EarlierRejection, Extracted, Extraction, PolicySource, Preflight, Rejection,
    WithCors,
};
use crate::outcome::OriginCheck;
use crate::policy::Policy;
use crate::request::is_preflight;
use layer::{csrf_refusal, decided_on_the_way_in, is_under_layer, mark_answered};

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
    let check = if let Some(check) = decided_on_the_way_in(&parts.extensions, policy) {
        // A `csrf` layer with this same policy already decided the origin.
        check
    } else if policy.origins.is_async() {
        Box::pin(policy.decide_actual(&parts.headers)).await
    } else {
        policy.decide_actual_now(&parts.headers)
    };
    let authority = parts.uri.authority().map(|authority| authority.as_str());
    if let Err(refusal) = policy.decide_csrf(&parts.method, &parts.headers, authority, &check) {
        return Err(csrf_refusal(policy, refusal, &check, under_layer));
    }
    Ok((check, under_layer))
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
        finish(self.policy, &self.check, self.under_layer, response)
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

impl Preflight {
    /// Answers one request, as the router would.
    pub fn answer(self, request: Request) -> OptionsFuture {
        let (head, _body) = request.into_parts();
        let under_layer = is_under_layer(&head.extensions);
        let policy = if is_preflight(&head.method, &head.headers) {
            self.routes.policy_for(&head.headers)
        } else {
            None
        };
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
        let status = match policy {
            Some(policy) => policy.answer_preflight(&head.headers, response.headers_mut()),
            None => self.routes.answer_without_policy(
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

/// An empty response with room for every header a preflight answer
/// writes, so they go in without the map growing.
fn options_response() -> Response {
    let mut response = Response::new(Body::empty());
    *response.headers_mut() = http::HeaderMap::with_capacity(8);
    response
}
