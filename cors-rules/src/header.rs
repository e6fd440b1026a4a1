//! Rules for the `headers` and `expose_headers` keys.
//!
//! Header names are case-insensitive; the policy stores and sends them
//! lowercase, the form browsers use in `Access-Control-Request-Headers`.

use crate::method::is_token;
use crate::{Problem, ProblemKind};

/// Request headers a script can never set (the Fetch standard's forbidden
/// request-header names), so listing them in `headers` does nothing.
const FORBIDDEN_REQUEST_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Prefixes of request headers a script can never set. `access-control-` is
/// not forbidden by Fetch but is only ever set by the browser itself.
const FORBIDDEN_REQUEST_PREFIXES: &[&str] = &["proxy-", "sec-", "access-control-"];

fn malformed(name: &str) -> Problem {
    Problem::new(
        ProblemKind::MalformedHeader,
        name,
        format!("header name \"{name}\" is not a valid HTTP token"),
        "a header name is letters, digits and `!#$%&'*+-.^_`|~`, without spaces or colons, such as \"x-request-id\"",
    )
}

/// Checks a name for `headers = [...]` and returns it lowercase. A name
/// only the browser sets is not an error: see [`request_header_warning`].
///
/// ```
/// use cors_rules::header::check_request_header;
///
/// assert_eq!(check_request_header("X-CSRFToken").unwrap(), "x-csrftoken");
/// assert_eq!(check_request_header("DNT").unwrap(), "dnt");
/// assert!(check_request_header("x custom").is_err());
/// ```
pub fn check_request_header(name: &str) -> Result<String, Problem> {
    if name == "*" {
        return Err(Problem::new(
            ProblemKind::StarHeader,
            name,
            "header \"*\" inside a list: browsers read it as a wildcard only without credentials, and never for `authorization`",
            "write `headers = any` to allow whatever headers the browser asks for, or list them",
        ));
    }
    if !is_token(name) {
        return Err(malformed(name));
    }
    Ok(name.to_ascii_lowercase())
}

/// A warning for a request header only the browser sets (`accept-encoding`,
/// `dnt`, `origin`, `cookie`, `sec-*`, ...): a script can never send it, so
/// allowing it does nothing, and harms nothing. Configurations brought over
/// from django-cors-headers list some; they compile, with this warning.
///
/// ```
/// use cors_rules::header::request_header_warning;
///
/// assert!(request_header_warning("Accept-Encoding").is_some());
/// assert!(request_header_warning("sec-fetch-mode").is_some());
/// assert!(request_header_warning("x-csrftoken").is_none());
/// ```
pub fn request_header_warning(name: &str) -> Option<Problem> {
    let lower = name.to_ascii_lowercase();
    let forbidden = FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
        || FORBIDDEN_REQUEST_PREFIXES
            .iter()
            .any(|p| lower.starts_with(p));
    forbidden.then(|| {
        Problem::new(
            ProblemKind::ForbiddenRequestHeader,
            name,
            format!(
                "request header \"{name}\" is set only by the browser; a script can never send it, so allowing it does nothing"
            ),
            if lower == "cookie" {
                "remove it; to send cookies cross-origin, set `credentials = true` and call fetch with `credentials: 'include'`".to_owned()
            } else {
                format!("remove \"{name}\"")
            },
        )
    })
}

/// Checks a name for `expose_headers = [...]` and returns it lowercase.
///
/// ```
/// use cors_rules::header::check_exposed_header;
///
/// assert_eq!(check_exposed_header("X-Total-Count").unwrap(), "x-total-count");
/// assert!(check_exposed_header("set-cookie").is_err());
/// ```
pub fn check_exposed_header(name: &str) -> Result<String, Problem> {
    if name == "*" {
        return Err(Problem::new(
            ProblemKind::StarHeader,
            name,
            "exposed header \"*\": browsers honour it only without credentials, so it silently stops working when credentials are added",
            "list the response headers the page has to read, such as [\"x-total-count\"]",
        ));
    }
    if !is_token(name) {
        return Err(malformed(name));
    }
    let lower = name.to_ascii_lowercase();
    if lower == "set-cookie" || lower == "set-cookie2" || lower.starts_with("access-control-") {
        return Err(Problem::new(
            ProblemKind::ForbiddenExposedHeader,
            name,
            format!("response header \"{name}\" can never be read by a script, exposed or not"),
            format!("remove \"{name}\""),
        ));
    }
    Ok(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_headers() {
        for ok in [
            "accept",
            "authorization",
            "content-type",
            "x-csrftoken",
            "X-Requested-With",
        ] {
            assert!(check_request_header(ok).is_ok(), "{ok}");
        }
        for browser_only in [
            "cookie",
            "Host",
            "origin",
            "accept-encoding",
            "DNT",
            "content-length",
            "sec-ch-ua",
            "proxy-authorization",
            "access-control-request-method",
        ] {
            assert!(check_request_header(browser_only).is_ok(), "{browser_only}");
            let warning = request_header_warning(browser_only).unwrap();
            assert_eq!(warning.kind(), ProblemKind::ForbiddenRequestHeader);
            assert!(warning.message().contains(browser_only), "{warning}");
        }
        for script_can_set in [
            "accept",
            "authorization",
            "content-type",
            "x-requested-with",
        ] {
            assert!(
                request_header_warning(script_can_set).is_none(),
                "{script_can_set}"
            );
        }
        for (bad, kind) in [
            ("x custom", ProblemKind::MalformedHeader),
            ("x:y", ProblemKind::MalformedHeader),
            ("", ProblemKind::MalformedHeader),
            ("*", ProblemKind::StarHeader),
        ] {
            assert_eq!(check_request_header(bad).unwrap_err().kind(), kind, "{bad}");
        }
    }

    #[test]
    fn exposed_headers() {
        assert!(check_exposed_header("etag").is_ok());
        for bad in [
            "Set-Cookie",
            "set-cookie2",
            "access-control-allow-origin",
            "*",
            "a b",
        ] {
            assert!(check_exposed_header(bad).is_err(), "{bad}");
        }
    }
}
