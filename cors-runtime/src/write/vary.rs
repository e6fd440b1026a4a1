//! Merging `Vary` so caches keep one answer per origin.
//!
//! The handler may have set `Vary` already (`Accept-Encoding`, say); the
//! policy's names are added to it, once, never as a duplicate.

use http::HeaderValue;
use http::header::VARY;

use crate::write::ResponseHeaders;

/// `Vary` of every preflight answer.
pub const PREFLIGHT_VARY: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);

/// `Vary` of the preflight answers of a policy with `private_network`: the
/// answer also depends on `Access-Control-Request-Private-Network`.
pub const PREFLIGHT_VARY_PRIVATE_NETWORK: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
);

/// The preflight `Vary` of a policy: static, nothing allocated per request.
///
/// ```
/// use cors_runtime::write::vary::preflight_vary;
///
/// assert!(!preflight_vary(false).to_str().unwrap().contains("Private-Network"));
/// assert!(preflight_vary(true).to_str().unwrap().ends_with("Access-Control-Request-Private-Network"));
/// ```
pub const fn preflight_vary(private_network: bool) -> HeaderValue {
    if private_network {
        PREFLIGHT_VARY_PRIVATE_NETWORK
    } else {
        PREFLIGHT_VARY
    }
}

const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

/// Adds `Origin` to the response's `Vary`, unless it is already named (or
/// `*` is). Without an existing `Vary` this inserts a static value and
/// allocates nothing.
///
/// ```
/// use cors_runtime::write::vary::add_origin;
/// use http::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("vary", HeaderValue::from_static("Accept-Encoding"));
/// add_origin(&mut headers);
/// add_origin(&mut headers);
/// assert_eq!(headers["vary"], "Accept-Encoding, Origin");
/// ```
pub fn add_origin(headers: &mut impl ResponseHeaders) {
    if !headers.contains_key(&VARY) {
        headers.insert(VARY, ORIGIN);
        return;
    }
    let already = headers.value_bytes(&VARY).any(|line| {
        line.split(|&b| b == b',')
            .map(|name| name.trim_ascii())
            .any(|name| name == b"*" || name.eq_ignore_ascii_case(b"origin"))
    });
    if already {
        return;
    }
    let mut merged = Vec::new();
    for line in headers.value_bytes(&VARY) {
        let line = line.trim_ascii();
        if !line.is_empty() {
            merged.extend_from_slice(line);
            merged.extend_from_slice(b", ");
        }
    }
    merged.extend_from_slice(b"Origin");
    // The existing lines were valid header bytes; so is the join.
    if let Ok(value) = HeaderValue::from_bytes(&merged) {
        headers.insert(VARY, value);
    } else {
        headers.append(VARY, ORIGIN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;

    fn vary_after(lines: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(VARY, HeaderValue::from_static(line));
        }
        add_origin(&mut headers);
        headers
            .get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn merges_without_duplicates() {
        assert_eq!(vary_after(&[]), ["Origin"]);
        assert_eq!(
            vary_after(&["Accept-Encoding"]),
            ["Accept-Encoding, Origin"]
        );
        assert_eq!(
            vary_after(&["accept-encoding", "cookie"]),
            ["accept-encoding, cookie, Origin"]
        );
        assert_eq!(vary_after(&["origin"]), ["origin"]);
        assert_eq!(vary_after(&["Accept, Origin"]), ["Accept, Origin"]);
        assert_eq!(vary_after(&["*"]), ["*"]);
        assert_eq!(vary_after(&["Originals"]), ["Originals, Origin"]);
    }
}
