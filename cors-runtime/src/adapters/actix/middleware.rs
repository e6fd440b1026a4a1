//! A named policy as an actix-web middleware for an app or a scope
//! (`NAME.middleware()`), with the tower layer's rule: the most specific
//! policy decides, and only it writes. The middleware lets the request
//! through with a marker, so annotated handlers (and middlewares nearer to
//! them) mark their responses; on the way out a marked response passes
//! unchanged, and an unmarked one gets this policy's answer and the mark.
//! Each request is decided once, by the innermost policy.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};

use super::headers::{
    append_all, csrf_view, is_preflight, origin_snapshot, origin_view, preflight_view,
    request_origin, status, write_actual,
};
use super::marker::{Answered, UnderCorsMiddleware, mark_answered};
use super::preflight::answer_with;
use crate::decide::csrf::cross_origin_signal;
use crate::generated::CorsMiddleware;

impl<S, B> Transform<S, ServiceRequest> for CorsMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = CorsMiddlewareService<S>;
    type InitError = ();
    type Future = Ready<Result<CorsMiddlewareService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddlewareService {
            service: Rc::new(service),
            middleware: *self,
        }))
    }
}

/// The service [`CorsMiddleware`] wraps around an app or scope.
pub struct CorsMiddlewareService<S> {
    service: Rc<S>,
    middleware: CorsMiddleware,
}

impl<S> std::fmt::Debug for CorsMiddlewareService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorsMiddlewareService")
            .field("policy", &self.middleware.policy.handler())
            .finish()
    }
}

type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<S, B> Service<ServiceRequest> for CorsMiddlewareService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<Result<ServiceResponse<BoxBody>, actix_web::Error>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let policy = self.middleware.policy;
        let view = if *request.method() == actix_web::http::Method::OPTIONS {
            preflight_view(request.headers())
        } else {
            origin_view(request.headers())
        };
        let preflight = is_preflight(request.method(), &view);
        // Cross-origin request protection (`csrf = true`) is decided on the
        // way in, before anything inside runs: a floor, as on the tower
        // layer.
        let signal = if policy.csrf && !preflight {
            let method = http::Method::from_bytes(request.method().as_str().as_bytes())
                .unwrap_or(http::Method::POST);
            let authority = request.uri().authority().map(|a| a.as_str().to_owned());
            cross_origin_signal(&method, &csrf_view(request.headers()), authority.as_deref())
        } else {
            None
        };
        request.extensions_mut().insert(UnderCorsMiddleware);
        let service = Rc::clone(&self.service);
        Box::pin(async move {
            if signal.is_some() {
                let origin = origin_snapshot(request.headers());
                let check = policy.decide_actual_origin(origin.read()).await;
                if let Err(refusal) = policy.decide_csrf_signal(signal, origin.read(), &check) {
                    let mut core = http::HeaderMap::new();
                    let (code, body) = policy.write_csrf_refusal(refusal, &check, &mut core);
                    let mut answer = actix_web::HttpResponse::build(status(code)).body(body);
                    append_all(&core, answer.headers_mut());
                    mark_answered(&mut answer);
                    return Ok(request.into_response(answer));
                }
            }
            // Handlers' errors arrive as responses (actix-web renders them
            // in the handler's service) and get this answer like any
            // other. An error from a middleware inside this one passes
            // through: the request cannot be kept to answer it, as
            // routing needs it unshared.
            let response = service.call(request).await?.map_into_boxed_body();
            if response.response().extensions().contains::<Answered>() {
                return Ok(response);
            }
            if preflight {
                let origin = request_origin(response.request().headers()).cloned();
                let answer = answer_with(policy, view, true, origin.as_ref()).await;
                return Ok(response.into_response(answer));
            }
            let check = policy.decide_actual(&view).await;
            let mut response = response;
            let origin = request_origin(response.request().headers()).cloned();
            write_actual(policy, &check, response.headers_mut(), origin.as_ref());
            mark_answered(response.response_mut());
            Ok(response)
        })
    }
}
