//! `OPTIONS` answers: a handler's `preflight` (or a resource's), mounted
//! with `web::method(Method::OPTIONS).to(h::preflight)`, and the preflight
//! the leading extractor answers itself when a handler is mounted for
//! `OPTIONS`.

use actix_web::body::BoxBody;
use actix_web::http::header::HeaderValue;
use actix_web::{HttpRequest, HttpResponse};

use super::answer::Answer;
use super::headers::{ActixAnswer, policy_values, preflight_view, request_origin, status};
use super::marker::{is_under_middleware, mark_answered};
use crate::generated::Preflight;
use crate::policy::Policy;
use crate::request::{CorsRequestHeaders, PreflightRequest};

/// A preflight's answer from one policy, awaiting a `with(async ...)`
/// predicate only when the policy has one.
pub(crate) fn answer_with(
    policy: &'static Policy,
    view: CorsRequestHeaders,
    marked: bool,
    request_origin: Option<&HeaderValue>,
) -> Answer<HttpResponse> {
    if policy.origins.is_async() {
        let request_origin = request_origin.cloned();
        return Answer::Pending(Box::pin(async move {
            let mut response = empty_response();
            let mut answer = ActixAnswer {
                headers: response.headers_mut(),
                request_origin: request_origin.as_ref(),
                policy_values: policy_values(policy),
            };
            let code = policy
                .decide_options(&http::Method::OPTIONS, &view, &mut answer)
                .await;
            finish(response, code, marked)
        }));
    }
    Answer::Ready(Some(respond(
        marked,
        request_origin,
        policy_values(policy),
        |answer| policy.answer_preflight(&view, answer),
    )))
}

/// An empty response, the core writing its headers (`write`, through
/// [`ActixAnswer`]: the request's origin and `policy_values` shared) and
/// deciding its status.
fn respond(
    marked: bool,
    request_origin: Option<&HeaderValue>,
    policy_values: &[HeaderValue],
    write: impl FnOnce(&mut ActixAnswer<'_>) -> http::StatusCode,
) -> HttpResponse {
    let mut response = empty_response();
    let code = write(&mut ActixAnswer {
        headers: response.headers_mut(),
        request_origin,
        policy_values,
    });
    finish(response, code, marked)
}

fn empty_response() -> HttpResponse {
    HttpResponse::with_body(actix_web::http::StatusCode::NO_CONTENT, BoxBody::new(()))
}

/// Sets the core's status, and marks the answer for an enclosing layer.
fn finish(mut response: HttpResponse, code: http::StatusCode, marked: bool) -> HttpResponse {
    *response.status_mut() = status(code);
    if marked {
        mark_answered(&mut response);
    }
    response
}

impl Preflight {
    /// Answers one `OPTIONS` request as actix-web would route it here.
    pub fn answer_actix(self, request: &HttpRequest) -> Answer<HttpResponse> {
        let view = preflight_view(request.headers());
        let origin = request_origin(request.headers());
        let marked = is_under_middleware(request);
        let method = if *request.method() == actix_web::http::Method::OPTIONS {
            http::Method::OPTIONS
        } else {
            // Any other method is answered as a plain `OPTIONS`: only
            // whether it is `OPTIONS` matters below.
            http::Method::GET
        };
        let read = PreflightRequest::read(&method, &view);
        let preflight = read.is_some();
        if let Some(read) = &read {
            match self.routes.policy_for(read) {
                // The common case: decided on the headers read once.
                Some(policy) if !policy.origins.is_async() => {
                    return Answer::Ready(Some(respond(
                        marked,
                        origin,
                        policy_values(policy),
                        |answer| policy.answer_read_preflight(read, answer),
                    )));
                }
                Some(policy) => return answer_with(policy, view, marked, origin),
                None => {}
            }
        }
        Answer::Ready(Some(respond(marked, origin, &[], |answer| {
            self.routes
                .answer_without_policy(preflight, &method, &view, answer)
        })))
    }
}

impl actix_web::Handler<(HttpRequest,)> for Preflight {
    type Output = HttpResponse;
    type Future = Answer<HttpResponse>;

    fn call(&self, (request,): (HttpRequest,)) -> Self::Future {
        self.answer_actix(&request)
    }
}
