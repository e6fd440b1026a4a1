//! A named policy as a tower `Layer` for a whole router (or a nest).
//!
//! The layer answers requests its routes do not answer themselves:
//! preflights to routes without `.options(...)`, and actual requests to
//! handlers without `#[cors]`. A handler with its own `#[cors]` keeps its
//! own policy: it marks its response, and the layer leaves a marked
//! response alone, so a response never carries two sets of CORS headers.
//!
//! Users get a layer from a named policy, `STRICT.layer()` after
//! `handler_cors::policy!(pub STRICT, ...)`; the README's "Mixing strict and
//! open routes" shows it with a router.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::Response;
use http::Request;
use tower_layer::Layer;
use tower_service::Service;

use crate::Policy;
use crate::request::is_preflight;

/// Put on requests by [`CorsLayer`], so annotated handlers know to mark
/// their responses (and pay for that only under a layer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnderCorsLayer;

/// Put on responses whose CORS headers an annotated handler already wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnsweredByHandler;

/// Whether a request passed through a [`CorsLayer`].
pub(crate) fn is_under_layer(extensions: &http::Extensions) -> bool {
    extensions.get::<UnderCorsLayer>().is_some()
}

/// Marks a response as carrying a handler's own CORS answer.
pub(crate) fn mark_answered(response: &mut Response) {
    response.extensions_mut().insert(AnsweredByHandler);
}

/// A policy applied to every route of a router; see the module docs.
#[derive(Debug, Clone, Copy)]
pub struct CorsLayer {
    policy: &'static Policy,
}

impl CorsLayer {
    /// A layer answering with `policy`.
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

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B> Service<Request<B>> for CorsService<S>
where
    S: Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let policy = self.policy;
        // The service that was polled ready goes into the future; a clone
        // stays for the next call (the usual tower pattern).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            request.extensions_mut().insert(UnderCorsLayer);
            // The layer's own answer is decided before the request moves on.
            let layer_answer = if is_preflight(request.method(), request.headers()) {
                let mut answer = Response::new(Body::empty());
                let status = policy
                    .decide_options(request.method(), request.headers(), answer.headers_mut())
                    .await;
                *answer.status_mut() = status;
                LayerAnswer::Preflight(answer)
            } else {
                LayerAnswer::Actual(policy.decide_actual(request.headers()).await)
            };
            let mut response = inner.call(request).await?;
            if response.extensions().get::<AnsweredByHandler>().is_some() {
                return Ok(response);
            }
            match layer_answer {
                LayerAnswer::Preflight(answer) => Ok(answer),
                LayerAnswer::Actual(check) => {
                    policy.write_actual(&check, response.headers_mut());
                    Ok(response)
                }
            }
        })
    }
}

enum LayerAnswer {
    Preflight(Response),
    Actual(crate::OriginCheck),
}
