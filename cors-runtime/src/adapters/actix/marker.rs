//! The marks that let the most specific policy answer alone: one on
//! requests a named policy's middleware covers, one on responses a policy
//! already answered. Read by handlers, preflights and the middleware.

use actix_web::HttpMessage;
use actix_web::{HttpRequest, HttpResponse};

/// Put on requests by the middleware, so annotated handlers know to mark
/// their responses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnderCorsMiddleware;

/// Put on responses whose CORS headers a policy already wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answered;

/// Whether a request passed through a `CorsMiddleware`.
pub(crate) fn is_under_middleware(request: &HttpRequest) -> bool {
    request.extensions().contains::<UnderCorsMiddleware>()
}

/// Marks a response as carrying the answer of the most specific policy.
pub(crate) fn mark_answered(response: &mut HttpResponse) {
    response.extensions_mut().insert(Answered);
}
