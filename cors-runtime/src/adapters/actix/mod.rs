//! The actix-web 4 adapter: actix-web's traits for the types the generated
//! code names (the extractors, the response wrapper, the `OPTIONS`
//! handler), the resources `resource!` and `#[cors]` above a route
//! attribute build, and the middleware of a named policy. Each answer is
//! decide -> trace -> write from `answer`, on headers copied between
//! actix's `http` 0.2 types and the core's `http` 1 types (`headers`).

mod answer;
mod extract;
mod headers;
mod marker;
mod middleware;
mod preflight;
mod resource;
mod respond;

pub use actix_web::dev::{AppService, HttpServiceFactory};
pub use actix_web::web;
pub use answer::Answer;
pub use extract::{CorsRequestFuture, ExtractedFuture};
pub use middleware::CorsMiddlewareService;
pub use resource::{options, register};
