//! actix-web 4 speaks `http` 0.2 (through actix-http), the core `http` 1:
//! the few headers a decision reads are copied into a small `http` 1 map,
//! and the core's writers write straight into actix's response through
//! [`ActixAnswer`], converting each name and value (sharing the request's
//! own `Origin`, static values and the policy's values instead of copying
//! them). Names and values follow the same byte rules in both versions, so
//! a copy cannot fail; if one ever did, a request value is replaced by an
//! empty one, which every decision refuses (fail closed), an answer's
//! header is left out, and nothing panics.

use actix_web::http::header::{self as actix, HeaderMap as ActixHeaders, HeaderName, HeaderValue};
use http::header::{ORIGIN, VARY};

use crate::matching::headers::AllowHeaders;
use crate::outcome::OriginCheck;
use crate::policy::Policy;
use crate::request::{CorsRequestHeaders, OriginSnapshot};
use crate::write::ResponseHeaders;

/// Request values common enough to be worth not copying: the methods a
/// preflight names in `Access-Control-Request-Method`.
const STATIC_REQUEST_VALUES: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// An `http` 1 value from an actix one (empty, so refused, if it could not
/// be): static when it is one of [`STATIC_REQUEST_VALUES`], copied
/// otherwise.
fn value_to_core(value: &HeaderValue) -> http::HeaderValue {
    let bytes = value.as_bytes();
    if let Some(known) = STATIC_REQUEST_VALUES
        .iter()
        .find(|known| known.as_bytes() == bytes)
    {
        return http::HeaderValue::from_static(known);
    }
    http::HeaderValue::from_bytes(bytes).unwrap_or_else(|_| http::HeaderValue::from_static(""))
}

/// `Sec-Fetch-Site`, as actix names it.
const ACTIX_SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// `Access-Control-Request-Private-Network`, as actix names it.
const ACTIX_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// The actix name of each of [`CorsRequestHeaders::NAMES`], in order.
const CORS_REQUEST_NAMES: [HeaderName; 4] = [
    actix::ORIGIN,
    actix::ACCESS_CONTROL_REQUEST_METHOD,
    actix::ACCESS_CONTROL_REQUEST_HEADERS,
    ACTIX_REQUEST_PRIVATE_NETWORK,
];

/// Copies the request's `Origin` header(s) only: what an actual request's
/// decision reads.
pub(crate) fn origin_view(headers: &ActixHeaders) -> CorsRequestHeaders {
    cors_request_headers(headers, 1)
}

/// Copies the headers a preflight's decision reads.
pub(crate) fn preflight_view(headers: &ActixHeaders) -> CorsRequestHeaders {
    cors_request_headers(headers, CORS_REQUEST_NAMES.len())
}

/// Copies the first `count` of the CORS request headers into the core's
/// types, each looked up by actix's own name (a name given as text would
/// be parsed on every lookup).
fn cors_request_headers(headers: &ActixHeaders, count: usize) -> CorsRequestHeaders {
    let mut view = CorsRequestHeaders::default();
    for (slot, name) in CORS_REQUEST_NAMES.iter().take(count).enumerate() {
        for value in headers.get_all(name) {
            view.push(slot, value_to_core(value));
        }
    }
    view
}

/// The request's `Origin` as the core reads it, without a header map.
pub(crate) fn origin_snapshot(headers: &ActixHeaders) -> OriginSnapshot {
    let mut values = headers.get_all(actix::ORIGIN);
    match (values.next(), values.next()) {
        (None, _) => OriginSnapshot::Absent,
        (Some(value), None) => OriginSnapshot::One(value_to_core(value)),
        (Some(_), Some(_)) => OriginSnapshot::Several,
    }
}

/// The headers cross-origin request protection reads (`Origin`,
/// `Sec-Fetch-Site`, `Host`), in the core's types.
pub(crate) fn csrf_view(headers: &ActixHeaders) -> http::HeaderMap {
    let mut view = http::HeaderMap::with_capacity(3);
    for (actix_name, name) in [
        (actix::ORIGIN, ORIGIN),
        (ACTIX_SEC_FETCH_SITE, crate::decide::csrf::SEC_FETCH_SITE),
        (actix::HOST, http::header::HOST),
    ] {
        copy_into(headers, &actix_name, name, &mut view);
    }
    view
}

/// Copies one header, looked up by actix's own name (a name given as text
/// would be parsed on every lookup).
fn copy_into(
    from: &ActixHeaders,
    actix_name: &HeaderName,
    name: http::HeaderName,
    to: &mut http::HeaderMap,
) {
    for value in from.get_all(actix_name) {
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

/// The actix value of one of [`STATIC_VALUES`].
fn static_value(bytes: &[u8]) -> Option<HeaderValue> {
    STATIC_VALUES
        .iter()
        .find(|known| known.as_bytes() == bytes)
        .map(|known| HeaderValue::from_static(known))
}

/// The names the core writes, with actix's own constant for each.
static KNOWN_NAMES: [(http::HeaderName, HeaderName); 8] = [
    (
        http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
        actix::ACCESS_CONTROL_ALLOW_ORIGIN,
    ),
    (
        http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        actix::ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ),
    (
        http::header::ACCESS_CONTROL_ALLOW_METHODS,
        actix::ACCESS_CONTROL_ALLOW_METHODS,
    ),
    (
        http::header::ACCESS_CONTROL_ALLOW_HEADERS,
        actix::ACCESS_CONTROL_ALLOW_HEADERS,
    ),
    (
        http::header::ACCESS_CONTROL_MAX_AGE,
        actix::ACCESS_CONTROL_MAX_AGE,
    ),
    (
        http::header::ACCESS_CONTROL_EXPOSE_HEADERS,
        actix::ACCESS_CONTROL_EXPOSE_HEADERS,
    ),
    (VARY, actix::VARY),
    (http::header::ALLOW, actix::ALLOW),
];

/// An actix name from a core one: the names the core writes are actix's
/// own constants (compared as standard names, no parsing, no allocation);
/// any other is parsed.
fn name_to_actix(name: &http::HeaderName) -> Option<HeaderName> {
    match KNOWN_NAMES.iter().find(|(core, _)| core == name) {
        Some((_, known)) => Some(known.clone()),
        None => HeaderName::from_bytes(name.as_str().as_bytes()).ok(),
    }
}

/// A policy's own answer values (its methods, `Allow`, listed request
/// headers, exposed headers, max age) as actix values: copied once per
/// policy, then shared by every answer.
struct PolicyValues(Vec<HeaderValue>);

/// See [`PolicyValues`].
pub(crate) fn policy_values(policy: &Policy) -> &[HeaderValue] {
    policy
        .adapter_values(|settings| {
            let listed_headers = match &settings.headers {
                AllowHeaders::List { value, .. } => value.as_ref(),
                AllowHeaders::Mirror => None,
            };
            let values = [
                Some(settings.methods.header_value()),
                Some(settings.methods.allow_value()),
                listed_headers,
                settings.expose_value.as_ref(),
                settings.max_age.as_ref().map(|(_, value)| value),
            ];
            PolicyValues(
                values
                    .into_iter()
                    .flatten()
                    .filter_map(|value| HeaderValue::from_bytes(value.as_bytes()).ok())
                    .collect(),
            )
        })
        .map_or(&[], |values| &values.0)
}

/// An actix response's headers as the core's writers see them
/// ([`ResponseHeaders`]): each name and value converted as it is written,
/// the request's own `Origin` (the allowed origin), static values and the
/// deciding policy's values ([`policy_values`]) shared rather than copied.
pub(crate) struct ActixAnswer<'a> {
    pub(crate) headers: &'a mut ActixHeaders,
    pub(crate) request_origin: Option<&'a HeaderValue>,
    pub(crate) policy_values: &'a [HeaderValue],
}

impl ActixAnswer<'_> {
    fn value(&self, name: &http::HeaderName, value: &http::HeaderValue) -> Option<HeaderValue> {
        let bytes = value.as_bytes();
        match self.request_origin {
            Some(origin)
                if *name == http::header::ACCESS_CONTROL_ALLOW_ORIGIN
                    && origin.as_bytes() == bytes =>
            {
                Some(origin.clone())
            }
            _ => static_value(bytes)
                .or_else(|| {
                    self.policy_values
                        .iter()
                        .find(|known| known.as_bytes() == bytes)
                        .cloned()
                })
                .or_else(|| HeaderValue::from_bytes(bytes).ok()),
        }
    }
}

impl<'answer> ResponseHeaders for ActixAnswer<'answer> {
    fn insert(&mut self, name: http::HeaderName, value: http::HeaderValue) {
        if let (Some(value), Some(name)) = (self.value(&name, &value), name_to_actix(&name)) {
            self.headers.insert(name, value);
        }
    }

    fn append(&mut self, name: http::HeaderName, value: http::HeaderValue) {
        if let (Some(value), Some(name)) = (self.value(&name, &value), name_to_actix(&name)) {
            self.headers.append(name, value);
        }
    }

    fn remove(&mut self, name: &http::HeaderName) {
        if let Some(name) = name_to_actix(name) {
            self.headers.remove(name);
        }
    }

    fn contains_key(&self, name: &http::HeaderName) -> bool {
        name_to_actix(name).is_some_and(|name| self.headers.contains_key(name))
    }

    fn value_bytes<'a>(
        &'a self,
        name: &http::HeaderName,
    ) -> impl Iterator<Item = &'a [u8]> + use<'a, 'answer> {
        let values = match name_to_actix(name) {
            Some(name) => self.headers.get_all(name).collect(),
            None => Vec::new(),
        };
        values.into_iter().map(HeaderValue::as_bytes)
    }

    fn remove_access_control(&mut self) {
        let stale: Vec<HeaderName> = self
            .headers
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in stale {
            self.headers.remove(name);
        }
    }
}

/// Appends every header of a core map to an actix one, as
/// [`ActixAnswer`] writes them (the rare answers written into a map first:
/// `csrf` refusals).
pub(crate) fn append_all(from: &http::HeaderMap, to: &mut ActixHeaders) {
    let mut answer = ActixAnswer {
        headers: to,
        request_origin: None,
        policy_values: &[],
    };
    for (name, value) in from {
        answer.append(name.clone(), value.clone());
    }
}

/// The request's `Origin` header, when it has exactly one.
pub(crate) fn request_origin(headers: &ActixHeaders) -> Option<&HeaderValue> {
    let mut values = headers.get_all(actix::ORIGIN);
    match (values.next(), values.next()) {
        (Some(value), None) => Some(value),
        _ => None,
    }
}

/// The core's answer to an actual request, written on an actix response:
/// the policy's headers replace any `Access-Control-*` the handler set,
/// and `Vary` is merged with the handler's by the core's own rule.
pub(crate) fn write_actual(
    policy: &Policy,
    check: &OriginCheck,
    headers: &mut ActixHeaders,
    request_origin: Option<&HeaderValue>,
) {
    let mut answer = ActixAnswer {
        headers,
        request_origin,
        policy_values: policy_values(policy),
    };
    answer.remove_access_control();
    policy.write_actual(check.clone(), &mut answer);
}

/// The actix status of a core status code.
pub(crate) fn status(code: http::StatusCode) -> actix_web::http::StatusCode {
    actix_web::http::StatusCode::from_u16(code.as_u16())
        .unwrap_or(actix_web::http::StatusCode::FORBIDDEN)
}

/// Whether an actix request is a CORS preflight, by the core's rule.
pub(crate) fn is_preflight(method: &actix_web::http::Method, view: &CorsRequestHeaders) -> bool {
    *method == actix_web::http::Method::OPTIONS
        && crate::request::is_preflight(&http::Method::OPTIONS, view)
}

#[cfg(test)]
mod tests {
    use super::{ActixAnswer, HeaderValue, ResponseHeaders};
    use actix_web::http::header::HeaderMap as ActixHeaders;

    fn written(request_origin: Option<&HeaderValue>, policy_values: &[HeaderValue]) -> Vec<String> {
        let mut core = http::HeaderMap::new();
        core.insert(
            http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
            http::HeaderValue::from_static("https://app.example"),
        );
        core.insert(
            http::header::ACCESS_CONTROL_ALLOW_METHODS,
            http::HeaderValue::from_static("GET, POST"),
        );
        core.insert(
            http::header::ACCESS_CONTROL_ALLOW_HEADERS,
            http::HeaderValue::from_static("x-mirrored"),
        );
        core.insert(http::header::VARY, http::HeaderValue::from_static("Origin"));
        let mut out = ActixHeaders::new();
        let mut answer = ActixAnswer {
            headers: &mut out,
            request_origin,
            policy_values,
        };
        for (name, value) in &core {
            answer.insert(name.clone(), value.clone());
        }
        let mut lines: Vec<String> = out
            .iter()
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
            .collect();
        lines.sort();
        lines
    }

    /// Values are shared only when their bytes are the ones to write: the
    /// answer is the same whatever is offered for sharing.
    #[test]
    fn shared_values_are_the_values_to_write() {
        let expected = [
            "access-control-allow-headers: x-mirrored",
            "access-control-allow-methods: GET, POST",
            "access-control-allow-origin: https://app.example",
            "vary: Origin",
        ];
        assert_eq!(written(None, &[]), expected);
        let origin = HeaderValue::from_static("https://app.example");
        let values = [HeaderValue::from_static("GET, POST")];
        assert_eq!(written(Some(&origin), &values), expected);
        // Another origin, other policy values: nothing of theirs is written.
        let other_origin = HeaderValue::from_static("https://evil.example");
        let other_values = [
            HeaderValue::from_static("DELETE"),
            HeaderValue::from_static("https://evil.example"),
        ];
        assert_eq!(written(Some(&other_origin), &other_values), expected);
    }
}
