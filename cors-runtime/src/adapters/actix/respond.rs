//! actix-web's `Responder` for the response wrapper: the handler's own
//! response, or an argument's rejection, with the policy's headers.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder};

use super::headers::{request_origin, write_actual};
use super::marker::mark_answered;
use crate::generated::{Rejection, WithCors};

/// An extractor's error response, taken apart so it can cross the
/// framework-free [`Rejection`] (which must be `Send`).
pub(crate) struct ActixRejection {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

impl ActixRejection {
    pub(crate) fn of(response: HttpResponse) -> ActixRejection {
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        // Error bodies are bytes in practice; a streaming one is dropped
        // rather than held (the status and headers still say what failed).
        let body = response.into_body().try_into_bytes().unwrap_or_default();
        ActixRejection {
            status,
            headers,
            body,
        }
    }

    fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::with_body(self.status, BoxBody::new(self.body));
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

/// A rejection as a response: the actix response it was made from.
fn rejection_response(rejection: Rejection) -> HttpResponse {
    match rejection.0.downcast::<ActixRejection>() {
        Ok(rejection) => rejection.into_response(),
        // Only `Extracted`'s never-read "skipped" state lands here.
        Err(_) => HttpResponse::with_body(StatusCode::BAD_REQUEST, BoxBody::new(())),
    }
}

impl<R: Responder> Responder for WithCors<R> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
        let mut response = match self.inner {
            Ok(inner) => inner.respond_to(request).map_into_boxed_body(),
            Err(rejection) => rejection_response(rejection),
        };
        write_actual(
            self.policy,
            &self.check,
            response.headers_mut(),
            request_origin(request.headers()),
        );
        if self.under_layer {
            mark_answered(&mut response);
        }
        response
    }
}
