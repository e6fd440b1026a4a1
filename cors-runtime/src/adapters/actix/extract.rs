//! actix-web's `FromRequest` for the leading `#[cors]` extractor and for
//! the wrapper around each of the user's arguments.

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::answer::Answer;
use super::headers::{
    append_all, csrf_view, is_preflight, origin_snapshot, preflight_view, request_origin, status,
};
use super::marker::is_under_middleware;
use super::preflight::answer_with;
use super::respond::ActixRejection;
use crate::generated::{
    CorsRequest, EarlierRejection, Extracted, Extraction, PolicySource, Rejection,
};
use crate::outcome::OriginCheck;
use crate::policy::Policy;

/// The preflight answered by the leading extractor, carried out of actix's
/// extraction as its error (the handler never runs).
#[derive(Debug)]
struct PreflightAnswered;

impl std::fmt::Display for PreflightAnswered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CORS preflight answered by the handler's policy")
    }
}

/// What the leading extractor's future yields.
type Decided = Result<(OriginCheck, bool), actix_web::Error>;

/// Answers a preflight (as the extraction's error) or decides an actual
/// request: one non-generic function, compiled once.
fn extract(policy: &'static Policy, request: &HttpRequest) -> Answer<Decided> {
    let marked = is_under_middleware(request);
    if *request.method() == actix_web::http::Method::OPTIONS {
        let view = preflight_view(request.headers());
        if is_preflight(request.method(), &view) {
            return match answer_with(policy, view, marked, request_origin(request.headers())) {
                Answer::Ready(Some(response)) => {
                    Answer::Ready(Some(Err(preflight_error(response))))
                }
                Answer::Ready(None) => Answer::Ready(None),
                Answer::Pending(future) => {
                    Answer::Pending(Box::pin(async move { Err(preflight_error(future.await)) }))
                }
            };
        }
    }
    let origin = origin_snapshot(request.headers());
    // Cross-origin request protection reads a few more headers; only a
    // policy with `csrf = true` pays for copying them.
    let protection = policy.csrf.then(|| Protection::of(request));
    if policy.origins.is_async() {
        return Answer::Pending(Box::pin(async move {
            let check = policy.decide_actual_origin(origin.read()).await;
            protect(policy, protection, check, marked)
        }));
    }
    let check = policy.decide_actual_origin_now(origin.read());
    Answer::Ready(Some(protect(policy, protection, check, marked)))
}

/// What `csrf = true` reads of a request, in the core's types.
struct Protection {
    method: http::Method,
    headers: http::HeaderMap,
    authority: Option<String>,
}

impl Protection {
    fn of(request: &HttpRequest) -> Protection {
        Protection {
            // An unknown method is unsafe: it is checked like a POST.
            method: http::Method::from_bytes(request.method().as_str().as_bytes())
                .unwrap_or(http::Method::POST),
            headers: csrf_view(request.headers()),
            authority: request.uri().authority().map(|a| a.as_str().to_owned()),
        }
    }
}

/// The csrf check after the origin was decided: refuses before any other
/// extractor or the handler runs, with the core's 403.
fn protect(
    policy: &'static Policy,
    protection: Option<Protection>,
    check: OriginCheck,
    marked: bool,
) -> Decided {
    let Some(protection) = protection else {
        return Ok((check, marked));
    };
    let authority = protection.authority.as_deref();
    match policy.decide_csrf(&protection.method, &protection.headers, authority, &check) {
        Ok(()) => Ok((check, marked)),
        Err(refusal) => {
            let mut core = http::HeaderMap::new();
            let (code, body) = policy.write_csrf_refusal(refusal, &check, &mut core);
            let mut response = actix_web::HttpResponse::build(status(code)).body(body);
            append_all(&core, response.headers_mut());
            if marked {
                super::marker::mark_answered(&mut response);
            }
            Err(InternalError::from_response(CsrfRefused, response).into())
        }
    }
}

/// A request refused by cross-origin request protection, carried out of
/// actix's extraction as its error (the handler never runs).
#[derive(Debug)]
struct CsrfRefused;

impl std::fmt::Display for CsrfRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused by cross-origin request protection (csrf)")
    }
}

fn preflight_error(response: actix_web::HttpResponse) -> actix_web::Error {
    InternalError::from_response(PreflightAnswered, response).into()
}

/// The future of [`CorsRequest`]'s extraction.
pub struct CorsRequestFuture<P, K> {
    decided: Answer<Decided>,
    source: PhantomData<fn() -> (P, K)>,
}

impl<P, K> Future for CorsRequestFuture<P, K> {
    type Output = Result<CorsRequest<P, K>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        Pin::new(&mut this.decided).poll(cx).map(|decided| {
            decided.map(|(check, under_layer)| CorsRequest {
                check,
                under_layer,
                source: PhantomData,
            })
        })
    }
}

// actix-web extracts every argument from the request the same way, so
// both kinds of `CorsRequest` are extracted alike.
impl<P: PolicySource, K> FromRequest for CorsRequest<P, K> {
    type Error = actix_web::Error;
    type Future = CorsRequestFuture<P, K>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        CorsRequestFuture {
            decided: extract(P::POLICY, request),
            source: PhantomData,
        }
    }
}

/// The request body, shared by a handler's arguments: actix-web hands each
/// extractor the payload when it creates all their futures at once, but an
/// argument here starts its extractor only when first polled, after the
/// leading extractor has decided (so a preflight runs none of them).
#[derive(Clone)]
struct SharedPayload(Rc<RefCell<Payload>>);

impl SharedPayload {
    /// The request's shared payload, taking it from actix-web the first
    /// time an argument asks.
    fn of(request: &HttpRequest, payload: &mut Payload) -> SharedPayload {
        if let Some(shared) = request.extensions().get::<SharedPayload>() {
            return shared.clone();
        }
        let shared = SharedPayload(Rc::new(RefCell::new(payload.take())));
        request.extensions_mut().insert(shared.clone());
        shared
    }
}

/// The future of an [`Extracted`] argument: the user's extractor, started
/// on the first poll, its rejection kept rather than returned.
pub struct ExtractedFuture<T: FromRequest> {
    request: HttpRequest,
    /// The body, until the extractor starts.
    payload: Option<SharedPayload>,
    running: Option<Pin<Box<T::Future>>>,
}

impl<T: FromRequest> Future for ExtractedFuture<T> {
    type Output = Result<Extracted<T>, std::convert::Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(payload) = this.payload.take() {
            // An earlier argument was rejected: this one never starts. (It
            // cannot be a later one: actix-web polls the arguments in
            // order, so every earlier one has started by now.)
            if this.request.extensions().contains::<EarlierRejection>() {
                return Poll::Ready(Ok(Extracted(Extraction::Skipped)));
            }
            let future = match payload.0.try_borrow_mut() {
                Ok(mut payload) => T::from_request(&this.request, &mut payload),
                // Not reached: extractors are created one at a time.
                Err(_) => T::from_request(&this.request, &mut Payload::None),
            };
            this.running = Some(Box::pin(future));
        }
        let Some(future) = &mut this.running else {
            // Polled after it answered.
            return Poll::Pending;
        };
        let result = std::task::ready!(future.as_mut().poll(cx));
        this.running = None;
        Poll::Ready(Ok(Extracted(match result {
            Ok(value) => Extraction::Value(value),
            Err(error) => {
                this.request.extensions_mut().insert(EarlierRejection);
                Extraction::Rejected(rejection(error.into()))
            }
        })))
    }
}

/// An extractor's error as the response actix-web would have sent,
/// stored `Send`-ably (actix responses are not).
fn rejection(error: actix_web::Error) -> Rejection {
    Rejection(Box::new(ActixRejection::of(
        error.as_response_error().error_response(),
    )))
}

/// actix-web polls a handler's extractors in order, together, and stops at
/// the first error. Here none errs: an argument whose extractor rejects
/// keeps the rejection and marks the request, so the arguments after it
/// never start (as in axum), and the handler answers with the first
/// rejection in argument order, with its CORS headers.
impl<T: FromRequest> FromRequest for Extracted<T> {
    type Error = std::convert::Infallible;
    type Future = ExtractedFuture<T>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ExtractedFuture {
            request: request.clone(),
            payload: Some(SharedPayload::of(request, payload)),
            running: None,
        }
    }
}
