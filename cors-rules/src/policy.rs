//! Rules that tie keys together: what `credentials = true` forbids, and how
//! long a preflight may be cached.

use crate::pattern::OriginEntry;
use crate::{Problem, ProblemKind};

/// The longest `max_age` accepted, in seconds. Firefox caps preflight caching
/// at 24 hours and Chromium at 2 hours; a longer value only misleads.
pub const MAX_AGE_LIMIT: u64 = 86_400;

/// Checks `max_age`.
///
/// ```
/// use cors_rules::policy::check_max_age;
///
/// assert_eq!(check_max_age(600), Ok(600));
/// assert!(check_max_age(604_800).is_err());
/// ```
pub fn check_max_age(seconds: u64) -> Result<u32, Problem> {
    if seconds > MAX_AGE_LIMIT {
        return Err(Problem::new(
            ProblemKind::MaxAgeTooLong,
            seconds.to_string(),
            format!(
                "max_age = {seconds} is longer than any browser caches a preflight (Firefox stops at 86400 seconds, Chromium at 7200)"
            ),
            "write `max_age = 86400` or less; 7200 is what Chromium actually keeps",
        ));
    }
    Ok(seconds as u32)
}

/// Chromium's cap on preflight caching, in seconds: a longer `max_age`
/// works in Firefox only, so it is a warning.
pub const CHROMIUM_MAX_AGE: u64 = 7_200;

/// A warning for a `max_age` that Chromium cuts to 7200 seconds.
///
/// ```
/// use cors_rules::policy::max_age_warning;
///
/// assert!(max_age_warning(86_400).is_some());
/// assert!(max_age_warning(7_200).is_none());
/// ```
pub fn max_age_warning(seconds: u64) -> Option<Problem> {
    (seconds > CHROMIUM_MAX_AGE && seconds <= MAX_AGE_LIMIT).then(|| {
        Problem::new(
            ProblemKind::MaxAgeAboveChromium,
            seconds.to_string(),
            format!(
                "max_age = {seconds} is longer than Chromium keeps a preflight (7200 seconds): Chrome and Edge ask again after two hours, only Firefox waits longer"
            ),
            "write `max_age = 7200` to say what most browsers do",
        )
    })
}

/// `origins = any` with `private_network = true`: every website could
/// reach this server on the user's private network.
pub fn any_with_private_network() -> Problem {
    Problem::new(
        ProblemKind::AnyWithPrivateNetwork,
        "any",
        "`origins = any` together with `private_network = true` would let every website on the internet reach this server on the user's private network",
        "list the origins that may reach it from the public internet, or remove `private_network = true`",
    )
}

/// `origins = any` with `csrf = true`: cross-origin request protection
/// trusts the policy's origins, and `any` trusts every one, so it would
/// refuse nothing while looking like protection.
pub fn any_with_csrf() -> Problem {
    Problem::new(
        ProblemKind::AnyWithCsrf,
        "any",
        "`csrf = true` together with `origins = any` refuses nothing: the protection trusts the policy's origins, and `any` trusts every website",
        "list the origins whose pages may send forms and other state-changing requests here, or remove `csrf = true` for this public route",
    )
}

/// `origins = any` with `credentials = true`: browsers refuse
/// `Access-Control-Allow-Origin: *` on credentialed requests, and echoing
/// every origin instead would hand every site the user's session.
pub fn any_with_credentials() -> Problem {
    Problem::new(
        ProblemKind::AnyWithCredentials,
        "any",
        "`origins = any` together with `credentials = true` would let every website make requests with the user's cookies",
        "list the origins that may send credentials, or remove `credentials = true` for this public route",
    )
}

/// Checks an origin entry against `credentials = true`: plain `http://` lets
/// anyone on the network path read or forge the credentialed exchange, so it
/// is allowed only for loopback development servers.
///
/// ```
/// use cors_rules::pattern::parse_origin_entry;
/// use cors_rules::policy::check_entry_with_credentials;
///
/// let dev = parse_origin_entry("http://localhost:3000").unwrap();
/// assert!(check_entry_with_credentials("http://localhost:3000", &dev).is_ok());
/// let plain = parse_origin_entry("http://myapp.com").unwrap();
/// assert!(check_entry_with_credentials("http://myapp.com", &plain).is_err());
/// ```
pub fn check_entry_with_credentials(text: &str, entry: &OriginEntry<'_>) -> Result<(), Problem> {
    if entry.scheme() != "http" || entry.is_loopback() {
        return Ok(());
    }
    let secure = text.replacen("http://", "https://", 1);
    Err(Problem::new(
        ProblemKind::InsecureOriginWithCredentials,
        text,
        format!(
            "origin \"{text}\" is plain http:// and not loopback, but `credentials = true` sends cookies to it"
        ),
        format!("serve that site over TLS and write \"{secure}\", or allow it without credentials"),
    ))
}
