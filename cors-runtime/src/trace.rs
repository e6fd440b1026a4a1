//! One `debug` event per CORS decision (feature `tracing`): the handler, the
//! origin, whether it was a preflight, and why a request was refused, which
//! is what a developer staring at a browser console error wants to know.

use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};

use crate::matching::headers::first_refused_header;
use crate::outcome::{CsrfRefusal, Grant, OriginCheck, Refusal};
use crate::policy::Policy;
use crate::request::{RequestHeaders, RequestOrigin};

const TARGET: &str = "handler_cors";

/// Whether a `debug` event of ours would be recorded: checked first, so a
/// disabled event costs no formatting.
fn enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::DEBUG)
}

fn origin_text(origin: &RequestOrigin<'_>) -> String {
    match origin {
        RequestOrigin::Absent => String::new(),
        RequestOrigin::Present { text, .. } => (*text).to_owned(),
        RequestOrigin::Invalid(Refusal::SeveralOrigins) => "(several Origin headers)".to_owned(),
        RequestOrigin::Invalid(_) => "(malformed Origin header)".to_owned(),
    }
}

fn origin<H: RequestHeaders>(headers: &H) -> String {
    let mut values = headers.values(&ORIGIN);
    match (values.next(), values.next()) {
        (None, _) => String::new(),
        (Some(value), None) => {
            String::from_utf8_lossy(&value.as_bytes()[..value.len().min(128)]).into_owned()
        }
        (Some(_), Some(_)) => "(several Origin headers)".to_owned(),
    }
}

/// The decision on an actual request.
pub(crate) fn actual(policy: &Policy, origin: &RequestOrigin<'_>, check: &OriginCheck) {
    if !enabled() {
        return;
    }
    match check {
        OriginCheck::NotCors => tracing::debug!(
            target: TARGET,
            handler = policy.handler(),
            preflight = false,
            "not a CORS request (no Origin header)"
        ),
        OriginCheck::Allowed(_) => tracing::debug!(
            target: TARGET,
            handler = policy.handler(),
            origin = %origin_text(origin),
            preflight = false,
            allowed = true,
            "CORS request allowed"
        ),
        OriginCheck::Refused(refusal) => tracing::debug!(
            target: TARGET,
            handler = policy.handler(),
            origin = %origin_text(origin),
            preflight = false,
            allowed = false,
            reason = refusal.reason(),
            "CORS request refused: {}",
            refusal.reason()
        ),
    }
}

/// The decision on a preflight.
pub(crate) fn preflight<H: RequestHeaders>(
    policy: &Policy,
    headers: &H,
    result: &Result<Grant, Refusal>,
) {
    if !enabled() {
        return;
    }
    let refusal = match result {
        Ok(_) => {
            tracing::debug!(
                target: TARGET,
                handler = policy.handler(),
                origin = %origin(headers),
                preflight = true,
                allowed = true,
                "CORS preflight allowed"
            );
            return;
        }
        Err(refusal) => *refusal,
    };
    let detail = match refusal {
        Refusal::MethodNotAllowed => headers
            .values(&ACCESS_CONTROL_REQUEST_METHOD)
            .next()
            .map(|method| {
                format!(
                    "method {} not allowed (the policy allows {})",
                    String::from_utf8_lossy(method.as_bytes()),
                    policy.methods().join(", ")
                )
            })
            .unwrap_or_default(),
        Refusal::HeaderNotAllowed => first_refused_header(&policy.headers, headers)
            .map(|name| format!("header {name} not allowed (add it to `headers`)"))
            .unwrap_or_default(),
        other => other.reason().to_owned(),
    };
    tracing::debug!(
        target: TARGET,
        handler = policy.handler(),
        origin = %origin(headers),
        preflight = true,
        allowed = false,
        reason = refusal.reason(),
        detail = %detail,
        "CORS preflight refused: {detail}"
    );
}

/// A preflight to a `route!` for a method no handler there serves.
pub(crate) fn unrouted<H: RequestHeaders>(headers: &H) {
    if !enabled() {
        return;
    }
    let method = headers
        .values(&ACCESS_CONTROL_REQUEST_METHOD)
        .next()
        .map(|method| String::from_utf8_lossy(method.as_bytes()).into_owned())
        .unwrap_or_default();
    tracing::debug!(
        target: TARGET,
        origin = %origin(headers),
        preflight = true,
        allowed = false,
        reason = Refusal::MethodNotAllowed.reason(),
        detail = %format!("no handler on this route serves {method}"),
        "CORS preflight refused: no handler on this route serves {method}"
    );
}

/// A request refused by cross-origin request protection (`csrf = true`).
pub(crate) fn csrf(policy: &Policy, origin: &RequestOrigin<'_>, refusal: CsrfRefusal) {
    tracing::debug!(
        target: TARGET,
        handler = policy.handler(),
        origin = %origin_text(origin),
        preflight = false,
        allowed = false,
        reason = "csrf",
        detail = refusal.reason(),
        "cross-origin request refused (csrf): {}",
        refusal.reason()
    );
}
