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
use http::header::{
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HeaderName, ORIGIN,
};
use http::{HeaderMap, Method, Request};
use tower_layer::Layer;
use tower_service::Service;

use crate::policy::Policy;
use crate::request::ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK;
use crate::request::{OriginSnapshot, is_preflight};

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

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

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
        const READ: [HeaderName; 4] = [
            ORIGIN,
            ACCESS_CONTROL_REQUEST_METHOD,
            ACCESS_CONTROL_REQUEST_HEADERS,
            ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK,
        ];
        let mut kept = HeaderMap::with_capacity(READ.len());
        for name in READ {
            for value in headers.get_all(&name) {
                kept.append(name.clone(), value.clone());
            }
        }
        Pending::Preflight(kept)
    }

    /// This layer's answer, written into `response` (an actual request) or
    /// replacing it (a preflight).
    async fn answer(self, policy: &'static Policy, mut response: Response) -> Response {
        match self {
            Pending::Actual(origin) => {
                let check = policy.decide_actual_origin(origin.read()).await;
                policy.write_actual(&check, response.headers_mut());
            }
            Pending::Preflight(request) => {
                response = Response::new(Body::empty());
                let status = policy
                    .decide_options(&Method::OPTIONS, &request, response.headers_mut())
                    .await;
                *response.status_mut() = status;
            }
        }
        mark_answered(&mut response);
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
        let pending = Pending::of(&request);
        request.extensions_mut().insert(UnderCorsLayer);
        Box::pin(async move {
            let response = inner.call(request).await?;
            if response.extensions().get::<Answered>().is_some() {
                return Ok(response);
            }
            Ok(pending.answer(policy, response).await)
        })
    }
}
