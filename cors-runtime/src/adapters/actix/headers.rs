//! actix-web 4 speaks `http` 0.2 (through actix-http), the core `http` 1:
//! the few headers a decision reads are copied into a small `http` 1 map,
//! and the headers a policy writes are copied back. Names and values follow
//! the same byte rules in both versions, so a copy cannot fail; if one ever
//! did, the value is replaced by an empty one, which every decision refuses
//! (fail closed), and nothing panics.

use actix_web::http::header::{HeaderMap as ActixHeaders, HeaderName, HeaderValue};
use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY};

use crate::outcome::OriginCheck;
use crate::policy::Policy;
use crate::request::{ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK, OriginSnapshot};

/// An `http` 1 value from an actix one (empty, so refused, if it could not be).
fn value_to_core(value: &HeaderValue) -> http::HeaderValue {
    http::HeaderValue::from_bytes(value.as_bytes())
        .unwrap_or_else(|_| http::HeaderValue::from_static(""))
}

/// Copies the request's `Origin` header(s) only: what an actual request's
/// decision reads.
pub(crate) fn origin_view(headers: &ActixHeaders) -> http::HeaderMap {
    let mut view = http::HeaderMap::with_capacity(1);
    copy_into(headers, &ORIGIN, &mut view);
    view
}

/// The request's `Origin` as the core reads it, without a header map.
pub(crate) fn origin_snapshot(headers: &ActixHeaders) -> OriginSnapshot {
    let mut values = headers.get_all(ORIGIN.as_str());
    match (values.next(), values.next()) {
        (None, _) => OriginSnapshot::Absent,
        (Some(value), None) => OriginSnapshot::One(value_to_core(value)),
        (Some(_), Some(_)) => OriginSnapshot::Several,
    }
}

/// Copies the headers a preflight's decision reads.
/// The headers cross-origin request protection reads (`Origin`,
/// `Sec-Fetch-Site`, `Host`), in the core's types.
pub(crate) fn csrf_view(headers: &ActixHeaders) -> http::HeaderMap {
    let mut view = http::HeaderMap::with_capacity(3);
    for name in [
        ORIGIN,
        crate::decide::csrf::SEC_FETCH_SITE,
        http::header::HOST,
    ] {
        copy_into(headers, &name, &mut view);
    }
    view
}

pub(crate) fn preflight_view(headers: &ActixHeaders) -> http::HeaderMap {
    let mut view = http::HeaderMap::with_capacity(4);
    for name in [
        ORIGIN,
        ACCESS_CONTROL_REQUEST_METHOD,
        ACCESS_CONTROL_REQUEST_HEADERS,
        ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK,
    ] {
        copy_into(headers, &name, &mut view);
    }
    view
}

fn copy_into(from: &ActixHeaders, name: &http::HeaderName, to: &mut http::HeaderMap) {
    for value in from.get_all(name.as_str()) {
        to.append(name.clone(), value_to_core(value));
    }
}

/// The values the core writes most, as static actix values: copying them
/// would cost an allocation each on every answer.
const STATIC_VALUES: [&str; 5] = [
    "true",
    "Origin",
    "*",
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
];

/// An actix value from a core one: static when it is one of
/// [`STATIC_VALUES`], copied otherwise.
fn value_to_actix(value: &http::HeaderValue) -> Option<HeaderValue> {
    let bytes = value.as_bytes();
    match STATIC_VALUES.iter().find(|known| known.as_bytes() == bytes) {
        Some(known) => Some(HeaderValue::from_static(known)),
        None => HeaderValue::from_bytes(bytes).ok(),
    }
}

/// An actix name from a core one: the names the core writes are actix's
/// own constants (no parsing, no allocation); any other is parsed.
fn name_to_actix(name: &http::HeaderName) -> Option<HeaderName> {
    use actix_web::http::header as actix;
    Some(match name.as_str() {
        "access-control-allow-origin" => actix::ACCESS_CONTROL_ALLOW_ORIGIN,
        "access-control-allow-credentials" => actix::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        "access-control-allow-methods" => actix::ACCESS_CONTROL_ALLOW_METHODS,
        "access-control-allow-headers" => actix::ACCESS_CONTROL_ALLOW_HEADERS,
        "access-control-max-age" => actix::ACCESS_CONTROL_MAX_AGE,
        "access-control-expose-headers" => actix::ACCESS_CONTROL_EXPOSE_HEADERS,
        "vary" => actix::VARY,
        "allow" => actix::ALLOW,
        other => return HeaderName::from_bytes(other.as_bytes()).ok(),
    })
}

/// Appends every header of a core map to an actix one.
pub(crate) fn append_all(from: &http::HeaderMap, to: &mut ActixHeaders) {
    for (name, value) in from {
        if let (Some(name), Some(value)) = (name_to_actix(name), value_to_actix(value)) {
            to.append(name, value);
        }
    }
}

/// The core's answer to an actual request, written on an actix response:
/// the policy's headers replace any `Access-Control-*` the handler set,
/// and `Vary` is merged with the handler's by the core's own rule.
pub(crate) fn write_actual(policy: &Policy, check: &OriginCheck, headers: &mut ActixHeaders) {
    let stale: Vec<HeaderName> = headers
        .keys()
        .filter(|name| name.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in stale {
        headers.remove(name);
    }
    let mut view = http::HeaderMap::new();
    for value in headers.get_all(VARY.as_str()) {
        view.append(VARY, value_to_core(value));
    }
    policy.write_actual(check.clone(), &mut view);
    if view.contains_key(VARY) {
        headers.remove(VARY.as_str());
    }
    append_all(&view, headers);
}

/// The actix status of a core status code.
pub(crate) fn status(code: http::StatusCode) -> actix_web::http::StatusCode {
    actix_web::http::StatusCode::from_u16(code.as_u16())
        .unwrap_or(actix_web::http::StatusCode::FORBIDDEN)
}

/// Whether an actix request is a CORS preflight, by the core's rule.
pub(crate) fn is_preflight(method: &actix_web::http::Method, view: &http::HeaderMap) -> bool {
    *method == actix_web::http::Method::OPTIONS
        && crate::request::is_preflight(&http::Method::OPTIONS, view)
}
