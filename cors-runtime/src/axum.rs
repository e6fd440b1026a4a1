//! The axum 0.8 integration: the extractor the attribute puts in front of a
//! handler's arguments, the wrapper around each of the user's arguments and
//! around the return value, and the `OPTIONS` handler.

use std::marker::PhantomData;

use axum_core::body::Body;
use axum_core::extract::{FromRequest, FromRequestParts};
use axum_core::response::IntoResponse;

pub use axum_core::extract::Request;
pub use axum_core::response::Response;
use http::request::Parts;

use crate::layer::{is_under_layer, mark_answered};
use crate::preflight::Routes;
use crate::request::is_preflight;
use crate::{OriginCheck, Policy};

/// Names the static policy of one annotated handler; the attribute
/// implements it on a hidden type beside the handler, and `policy!` on the
/// named policy's own type.
pub trait PolicySource: Send + Sync + 'static {
    /// The handler's policy.
    const POLICY: &'static Policy;
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
        self.wrap(Ok(inner))
    }

    /// Wraps an extractor's rejection: it gets the same CORS headers the
    /// handler's own response would have.
    pub fn reject<R>(self, rejection: Response) -> WithCors<R> {
        self.wrap(Err(rejection))
    }

    fn wrap<R>(self, inner: Result<R, Response>) -> WithCors<R> {
        WithCors {
            inner,
            check: self.check,
            under_layer: self.under_layer,
            policy: P::POLICY,
        }
    }
}

/// One of the user's arguments, extracted without rejecting: a rejection is
/// kept as its response, so the handler can answer it with its CORS
/// headers. After one argument was rejected the later ones are not
/// extracted at all, as axum stops at the first rejection.
pub struct Extracted<T>(Extraction<T>);

enum Extraction<T> {
    Value(T),
    Rejected(Response),
    /// An earlier argument was rejected; this one never ran.
    Skipped,
}

/// Put on a request when one of a handler's arguments was rejected.
#[derive(Debug, Clone, Copy)]
struct EarlierRejection;

impl<T> Extracted<T> {
    /// The value, or the response that answers the request instead.
    // The response is what the server sends; boxing it would only add an
    // allocation to the rejection path.
    #[allow(clippy::result_large_err)]
    pub fn into_result(self) -> Result<T, Response> {
        match self.0 {
            Extraction::Value(value) => Ok(value),
            Extraction::Rejected(response) => Err(response),
            // Never reached by generated code: the rejected argument
            // before this one returns first.
            Extraction::Skipped => Err(skipped()),
        }
    }

    fn from_result<E: IntoResponse>(result: Result<T, E>) -> Self {
        match result {
            Ok(value) => Extracted(Extraction::Value(value)),
            Err(rejection) => Extracted(Extraction::Rejected(rejection.into_response())),
        }
    }

    fn is_rejected(&self) -> bool {
        matches!(self.0, Extraction::Rejected(_))
    }
}

fn skipped() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = http::StatusCode::BAD_REQUEST;
    response
}

impl<T> std::fmt::Debug for Extracted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.0 {
            Extraction::Value(_) => "value",
            Extraction::Rejected(_) => "rejected",
            Extraction::Skipped => "skipped",
        };
        f.debug_tuple("Extracted").field(&state).finish()
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
        let extracted = Extracted::from_result(T::from_request_parts(parts, state).await);
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
        Ok(Extracted::from_result(
            T::from_request(request, state).await,
        ))
    }
}

/// A handler's return value (or an argument's rejection) with the CORS
/// headers still to be written: the return type `#[cors]` gives a handler.
#[must_use]
pub struct WithCors<R> {
    inner: Result<R, Response>,
    check: OriginCheck,
    under_layer: bool,
    policy: &'static Policy,
}

impl<R> WithCors<R> {
    /// What the handler's body returned, or the response of the argument
    /// that was rejected before the body could run.
    #[allow(clippy::result_large_err)]
    pub fn into_result(self) -> Result<R, Response> {
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
        let response = match self.inner {
            Ok(inner) => inner.into_response(),
            Err(rejection) => rejection,
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

/// A handler whose first argument is the `#[cors]` extractor: its policy can
/// be named from the handler itself, which is how `route!` finds the policy
/// of each handler it routes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[cors] handler, so `route!` cannot tell which policy answers its preflights",
    label = "this handler has no CORS policy",
    note = "help: put `#[cors(origins = [...])]` (or `#[cors(policy = NAME)]`) on this handler, or mount it outside `route!` with `.route(path, get(handler))`"
)]
pub trait CorsHandler<M> {
    /// The handler's policy.
    const POLICY: &'static Policy;
}

macro_rules! cors_handler {
    ($($arg:ident),*) => {
        impl<F, Fut, P, $($arg,)*> CorsHandler<(P, $($arg,)*)> for F
        where
            F: FnOnce(CorsRequest<P>, $($arg,)*) -> Fut,
            P: PolicySource,
        {
            const POLICY: &'static Policy = P::POLICY;
        }
    };
}

cors_handler!();
cors_handler!(T1);
cors_handler!(T1, T2);
cors_handler!(T1, T2, T3);
cors_handler!(T1, T2, T3, T4);
cors_handler!(T1, T2, T3, T4, T5);
cors_handler!(T1, T2, T3, T4, T5, T6);
cors_handler!(T1, T2, T3, T4, T5, T6, T7);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13);
cors_handler!(T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14);
cors_handler!(
    T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15
);

/// The policy of an annotated handler (`route!` calls this for each one).
pub fn policy_of<H: CorsHandler<M>, M>(_handler: &H) -> &'static Policy {
    H::POLICY
}

/// The `OPTIONS` handler of an annotated handler (`<handler>::preflight`)
/// or of a whole `route!`: preflights are decided by the policy of the
/// handler that serves the requested method, plain `OPTIONS` get `Allow`.
///
/// One type for every preflight handler, so an app with many routes
/// compiles the `OPTIONS` handling once.
#[derive(Debug, Clone, Copy)]
pub struct Preflight {
    routes: Routes,
}

impl Preflight {
    /// The `OPTIONS` handler of one policy.
    pub const fn new(policy: &'static Policy) -> Preflight {
        Preflight {
            routes: Routes::One(policy),
        }
    }

    /// The `OPTIONS` handler of a `route!`: one policy per routed method, in
    /// the order of [`crate::preflight::ROUTABLE_METHODS`], and the `Allow`
    /// value of a plain `OPTIONS`.
    #[doc(hidden)]
    pub const fn __routed(
        policies: [Option<&'static Policy>; crate::preflight::ROUTABLE_METHODS.len()],
        allow: &'static str,
    ) -> Preflight {
        Preflight {
            routes: Routes::ByMethod { policies, allow },
        }
    }

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
