//! Resources whose preflights cannot be forgotten: the `OPTIONS` route
//! that `resource!` and `#[cors]` above an actix route attribute add, and
//! the registration of such a service.

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::http::Method;
use actix_web::{FromRequest, Handler, Responder, Route, web};

use crate::generated::Preflight;

/// The `OPTIONS` route of a resource, answered by `preflight`.
pub fn options(preflight: Preflight) -> Route {
    web::method(Method::OPTIONS).to(preflight)
}

/// Registers the resource of one `#[cors]` handler under an actix route
/// attribute (`#[get("/feed")]`): the handler for each of its `methods`,
/// and an `OPTIONS` route answered by `preflight`, so `.service(feed)`
/// answers its preflights with nothing else registered.
pub fn register<F, Args>(
    config: &mut AppService,
    path: &str,
    name: &str,
    methods: &[&str],
    handler: F,
    preflight: Preflight,
) where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    let mut resource = web::resource(path).name(name);
    for method in methods {
        // The macro only passes methods it validated as tokens.
        if let Ok(method) = Method::from_bytes(method.as_bytes()) {
            resource = resource.route(web::method(method).to(handler.clone()));
        }
    }
    resource = resource.route(options(preflight));
    HttpServiceFactory::register(resource, config);
}
