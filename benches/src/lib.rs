//! The three ways the benchmarks serve the same policy: our attribute,
//! tower-http's `CorsLayer` on a plain handler (per route, with
//! `MethodRouter::layer`, as its docs show), and a plain handler with no CORS
//! (the floor).

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::{MethodRouter, get};
use tower_http::cors::{AllowOrigin, CorsLayer};

include!(concat!(env!("OUT_DIR"), "/policies.rs"));

/// The origin the "allowed" cases send: in every list.
pub const ALLOWED: &str = "https://site0.example";
/// The origin the "refused" cases send.
pub const REFUSED: &str = "https://evil.example";

/// The handler without CORS.
pub async fn plain() -> &'static str {
    "ok"
}

/// A subdomain wildcard policy.
#[handler_cors::cors(origins = ["https://*.site.example"], methods = [GET, POST, PUT], headers = ["authorization", "content-type"], credentials, max_age = 600)]
pub async fn wildcard() -> &'static str {
    "ok"
}

/// A regex policy.
#[handler_cors::cors(origins = [regex(r"^https://[a-z0-9-]+\.site\.example$")], methods = [GET, POST, PUT], headers = ["authorization", "content-type"], credentials, max_age = 600)]
pub async fn regex() -> &'static str {
    "ok"
}

/// Our attribute with `count` exact origins.
pub fn ours(count: usize) -> MethodRouter {
    match count {
        1 => handler_cors::route!(get(exact_1).post(exact_1).put(exact_1)),
        10 => handler_cors::route!(get(exact_10).post(exact_10).put(exact_10)),
        100 => handler_cors::route!(get(exact_100).post(exact_100).put(exact_100)),
        1_000 => handler_cors::route!(get(exact_1000).post(exact_1000).put(exact_1000)),
        10_000 => handler_cors::route!(get(exact_10000).post(exact_10000).put(exact_10000)),
        other => panic!("no generated policy with {other} origins"),
    }
}

/// Our wildcard and regex policies.
pub fn ours_pattern(kind: &str) -> MethodRouter {
    match kind {
        "wildcard" => handler_cors::route!(get(wildcard).post(wildcard).put(wildcard)),
        _ => handler_cors::route!(get(regex).post(regex).put(regex)),
    }
}

fn tower_base() -> CorsLayer {
    CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
}

/// tower-http's layer with the same `count` exact origins, per route.
pub fn tower(count: usize) -> MethodRouter {
    let origins: Vec<HeaderValue> = (0..count)
        .map(|i| HeaderValue::from_str(&format!("https://site{i}.example")).expect("valid"))
        .collect();
    get(plain)
        .post(plain)
        .put(plain)
        .layer(tower_base().allow_origin(AllowOrigin::list(origins)))
}

/// tower-http's equivalents of the wildcard and regex policies: a predicate.
pub fn tower_pattern(kind: &str) -> MethodRouter {
    let layer = if kind == "wildcard" {
        tower_base().allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| {
            origin
                .to_str()
                .ok()
                .and_then(|o| o.strip_prefix("https://"))
                .and_then(|host| host.strip_suffix(".site.example"))
                .is_some_and(|labels| !labels.is_empty())
        }))
    } else {
        let regex = std::sync::LazyLock::new(|| {
            cors_rules::regex_check::anchored(r"^https://[a-z0-9-]+\.site\.example$")
        });
        let pattern = std::sync::Arc::new(regex_matcher(&regex));
        tower_base().allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin.to_str().is_ok_and(|o| pattern(o))
        }))
    };
    // The same routes as ours and the floor: the router is cloned per
    // request, so fewer routes here would make tower-http's overhead look
    // smaller than it is.
    floor().layer(layer)
}

/// A matcher for tower-http's regex case, built on the same engine.
fn regex_matcher(source: &str) -> impl Fn(&str) -> bool + Send + Sync + 'static {
    let policy_free = cors_runtime::matching::origins::OriginRegex::__new(Box::leak(
        source.to_owned().into_boxed_str(),
    ));
    move |origin| policy_free.matches(origin)
}

handler_cors::policy!(
    /// The 10-origin benchmark policy as a named policy, for the layer rows.
    pub LAYER_10,
    origins = [
        "https://site0.example", "https://site1.example", "https://site2.example",
        "https://site3.example", "https://site4.example", "https://site5.example",
        "https://site6.example", "https://site7.example", "https://site8.example",
        "https://site9.example",
    ],
    methods = [GET, POST, PUT],
    headers = ["authorization", "content-type"],
    credentials,
    max_age = 600,
);

/// Our named policy as a layer over plain handlers (no `OPTIONS` route: the
/// layer answers preflights), the same routes as [`floor`].
pub fn ours_layer() -> MethodRouter {
    floor().layer(LAYER_10.layer())
}

/// The floor: the same routes with no CORS at all.
pub fn floor() -> MethodRouter {
    get(plain).post(plain).put(plain)
}

/// `route` mounted at `/` of a `Router`, the service `axum::serve` runs:
/// a request clones only the handler it is routed to, not every route of
/// the `MethodRouter` (which calling a bare `MethodRouter` would do, and
/// which would count each extra route, such as our `OPTIONS`, as CORS cost).
pub fn app(route: MethodRouter) -> axum::Router {
    axum::Router::new().route("/", route)
}

/// Header names the request builders use.
pub const ACRM: HeaderName = header::ACCESS_CONTROL_REQUEST_METHOD;
/// `Access-Control-Request-Headers`.
pub const ACRH: HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;

/// The actix-web side of the benchmarks (`benches/actix.rs`, the
/// `actix_probe` binary): the request of each case and actix-cors's spelling
/// of the benchmarks' policy.
pub mod actix {
    use actix_web::http::{Method, header};
    use actix_web::test::TestRequest;

    /// A GET (actual request) or a preflight for PUT with two request
    /// headers, from `origin`.
    pub fn request(origin: &str, preflight: bool) -> TestRequest {
        let request = if preflight {
            TestRequest::default()
                .method(Method::OPTIONS)
                .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"))
                .insert_header((
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "authorization,content-type",
                ))
        } else {
            TestRequest::get()
        };
        request.uri("/").insert_header((header::ORIGIN, origin))
    }

    /// The benchmarks' policy, as actix-cors spells it, with `count`
    /// exact origins.
    pub fn actix_cors(count: usize) -> actix_cors::Cors {
        let mut cors = actix_cors::Cors::default()
            .allowed_methods([Method::GET, Method::POST, Method::PUT])
            .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .supports_credentials()
            .max_age(600);
        for i in 0..count {
            cors = cors.allowed_origin(&format!("https://site{i}.example"));
        }
        cors
    }
}
