//! The request headers a preflight may ask for, and reading
//! `Access-Control-Request-Headers` without letting a client make us work hard.
//!
//! Browsers send the names lowercase, sorted and joined by `,`. Any case,
//! spaces and several header lines are accepted too (curl, proxies), within
//! fixed bounds checked before the names are scanned.

use std::cmp::Ordering;

use http::HeaderValue;
use http::header::ACCESS_CONTROL_REQUEST_HEADERS;

use crate::request::RequestHeaders;

use crate::outcome::Refusal;
use cors_rules::method::is_tchar;

/// The most bytes of `Access-Control-Request-Headers` read, over all lines.
pub const MAX_REQUEST_HEADERS_LEN: usize = 2048;
/// The most header names one preflight may ask for.
pub const MAX_REQUEST_HEADER_NAMES: usize = 64;
/// The most `Access-Control-Request-Headers` lines one preflight may carry.
pub const MAX_REQUEST_HEADER_LINES: usize = 8;

/// Which request headers a policy allows.
#[derive(Debug)]
pub enum AllowHeaders {
    /// These names (lowercase, sorted by bytes), sent as `value`.
    List {
        /// The names, lowercase and sorted.
        names: &'static [&'static str],
        /// `Access-Control-Allow-Headers` for them; `None` for an empty list.
        value: Option<HeaderValue>,
    },
    /// Whatever the preflight asks for, echoed name for name
    /// (`headers = any`). Never `*`: the wildcard is ignored with
    /// credentials and never covers `authorization`.
    Mirror,
}

impl AllowHeaders {
    #[doc(hidden)]
    pub const fn __list(
        names: &'static [&'static str],
        value: Option<HeaderValue>,
    ) -> AllowHeaders {
        AllowHeaders::List { names, value }
    }

    /// The allowed names, or `None` for [`AllowHeaders::Mirror`].
    pub fn names(&self) -> Option<&'static [&'static str]> {
        match self {
            AllowHeaders::List { names, .. } => Some(names),
            AllowHeaders::Mirror => None,
        }
    }

    /// Checks every requested name and returns the
    /// `Access-Control-Allow-Headers` value to send (`None` when nothing
    /// was asked for).
    ///
    /// ```
    /// use cors_runtime::matching::headers::AllowHeaders;
    /// use cors_runtime::Refusal;
    /// use http::{HeaderMap, HeaderValue};
    ///
    /// let policy = AllowHeaders::__list(&["authorization", "content-type"], Some(HeaderValue::from_static("authorization, content-type")));
    /// let mut request = HeaderMap::new();
    /// request.insert("access-control-request-headers", HeaderValue::from_static("Content-Type, Authorization"));
    /// let sent = policy.check(&request).unwrap();
    /// assert_eq!(sent.unwrap(), "authorization, content-type");
    ///
    /// request.insert("access-control-request-headers", HeaderValue::from_static("x-other"));
    /// assert_eq!(policy.check(&request), Err(Refusal::HeaderNotAllowed));
    /// ```
    pub fn check<H: RequestHeaders>(&self, request: &H) -> Result<Option<HeaderValue>, Refusal> {
        // The lines are looked up once and kept here (at most
        // `MAX_REQUEST_HEADER_LINES`): the limits are checked on all of them
        // before any name is read.
        let mut kept: [Option<&HeaderValue>; MAX_REQUEST_HEADER_LINES] =
            [None; MAX_REQUEST_HEADER_LINES];
        let mut total_len = 0;
        for (index, line) in request.values(&ACCESS_CONTROL_REQUEST_HEADERS).enumerate() {
            total_len += line.len();
            let (Some(place), false) = (kept.get_mut(index), total_len > MAX_REQUEST_HEADERS_LEN)
            else {
                return Err(Refusal::MalformedRequestHeaders);
            };
            *place = Some(line);
        }
        let mut count = 0;
        for line in kept.iter().flatten() {
            each_name(line.as_bytes(), |name| {
                count += 1;
                if count > MAX_REQUEST_HEADER_NAMES {
                    return Err(Refusal::MalformedRequestHeaders);
                }
                // `*` is a token, but echoing it would send
                // `Access-Control-Allow-Headers: *`.
                if name == b"*" {
                    return Err(Refusal::HeaderNotAllowed);
                }
                match self {
                    AllowHeaders::List { names, .. } if !lists(names, name) => {
                        Err(Refusal::HeaderNotAllowed)
                    }
                    _ => Ok(()),
                }
            })?;
        }
        if count == 0 {
            return Ok(None);
        }
        match self {
            AllowHeaders::List { value, .. } => Ok(value.clone()),
            AllowHeaders::Mirror => Ok(Some(mirror(request))),
        }
    }
}

/// The first requested name the policy does not allow, for diagnostics.
pub fn first_refused_header<H: RequestHeaders>(
    policy: &AllowHeaders,
    request: &H,
) -> Option<String> {
    let AllowHeaders::List { names, .. } = policy else {
        return None;
    };
    request
        .values(&ACCESS_CONTROL_REQUEST_HEADERS)
        .take(MAX_REQUEST_HEADER_LINES)
        .flat_map(|line| line.as_bytes().split(|&b| b == b','))
        .map(trim)
        .filter(|name| !name.is_empty())
        .take(MAX_REQUEST_HEADER_NAMES)
        .filter_map(|name| std::str::from_utf8(name).ok())
        .find(|name| {
            names
                .binary_search_by(|stored| compare_lowercase(stored, name.as_bytes()))
                .is_err()
        })
        .map(str::to_owned)
}

fn mirror<H: RequestHeaders>(request: &H) -> HeaderValue {
    let mut lines = request.values(&ACCESS_CONTROL_REQUEST_HEADERS);
    match (lines.next(), lines.next()) {
        (Some(only), None) => only.clone(),
        _ => {
            let joined = request
                .values(&ACCESS_CONTROL_REQUEST_HEADERS)
                .map(|line| String::from_utf8_lossy(line.as_bytes()).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            // Every byte was checked to be a token character, comma or space.
            HeaderValue::from_str(&joined).unwrap_or_else(|_| HeaderValue::from_static(""))
        }
    }
}

/// Calls `each` with every name of one `Access-Control-Request-Headers`
/// line, in order: split at commas, spaces and tabs around a name dropped,
/// empty names skipped. A name that is not a token is malformed. One pass
/// over the bytes (this runs on every preflight).
fn each_name(
    line: &[u8],
    mut each: impl FnMut(&[u8]) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let blank = |byte: &u8| matches!(byte, b' ' | b'\t');
    let mut at = 0;
    while at <= line.len() {
        while line.get(at).is_some_and(blank) {
            at += 1;
        }
        let start = at;
        while line.get(at).is_some_and(|&byte| is_tchar(byte)) {
            at += 1;
        }
        let end = at;
        while line.get(at).is_some_and(blank) {
            at += 1;
        }
        match line.get(at) {
            None | Some(b',') => {
                if end > start {
                    each(&line[start..end])?;
                }
                at += 1;
            }
            Some(_) => return Err(Refusal::MalformedRequestHeaders),
        }
    }
    Ok(())
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Whether `names` (lowercase, sorted) has `requested`, in any case.
/// Browsers send lowercase names: those are found by plain byte
/// comparisons; only a name with an uppercase letter is searched again.
fn lists(names: &[&str], requested: &[u8]) -> bool {
    names
        .binary_search_by(|stored| stored.as_bytes().cmp(requested))
        .is_ok()
        || (requested.iter().any(u8::is_ascii_uppercase)
            && names
                .binary_search_by(|stored| compare_lowercase(stored, requested))
                .is_ok())
}

/// Compares a stored lowercase name with a requested name of any case.
fn compare_lowercase(stored: &str, requested: &[u8]) -> Ordering {
    stored
        .bytes()
        .cmp(requested.iter().map(|b| b.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;
    use proptest::prelude::*;

    /// The plain reading `each_name` must agree with: split at commas,
    /// trim, skip empty names, every other name a token.
    fn names_by_splitting(line: &[u8]) -> Result<Vec<Vec<u8>>, Refusal> {
        let mut names = Vec::new();
        for name in line.split(|&b| b == b',') {
            let name = trim(name);
            if name.is_empty() {
                continue;
            }
            if !cors_rules::method::is_token_bytes(name) {
                return Err(Refusal::MalformedRequestHeaders);
            }
            names.push(name.to_vec());
        }
        Ok(names)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        #[test]
        fn one_pass_reading_agrees_with_splitting(
            parts in prop::collection::vec(
                prop::sample::select(vec!["a", "x-id", "Content-Type", ",", " ", "\t", "*", ";", "\"", "é"]),
                0..10,
            )
        ) {
            let line = parts.concat();
            let mut seen = Vec::new();
            let read = each_name(line.as_bytes(), |name| {
                seen.push(name.to_vec());
                Ok(())
            });
            match names_by_splitting(line.as_bytes()) {
                Ok(names) => {
                    prop_assert_eq!(read, Ok(()));
                    prop_assert_eq!(seen, names);
                }
                Err(refusal) => prop_assert_eq!(read, Err(refusal)),
            }
        }
    }

    const ACRH: &str = "access-control-request-headers";

    fn check(policy: &AllowHeaders, lines: &[&str]) -> Result<Option<HeaderValue>, Refusal> {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(ACRH, HeaderValue::from_str(line).unwrap());
        }
        policy.check(&headers)
    }

    fn listed() -> AllowHeaders {
        AllowHeaders::__list(
            &["authorization", "content-type", "x-csrftoken"],
            Some(HeaderValue::from_static(
                "authorization, content-type, x-csrftoken",
            )),
        )
    }

    #[test]
    fn accepts_browser_form_and_variants() {
        let policy = listed();
        for lines in [
            &["authorization,content-type"][..],
            &["Authorization, Content-Type"],
            &["authorization", "x-csrftoken"],
            &[" x-csrftoken ,\tcontent-type"],
            &["authorization,,content-type,"],
        ] {
            let sent = check(&policy, lines).unwrap().unwrap();
            assert_eq!(
                sent, "authorization, content-type, x-csrftoken",
                "{lines:?}"
            );
        }
        assert_eq!(check(&policy, &[]), Ok(None));
        assert_eq!(check(&policy, &[""]), Ok(None));
    }

    #[test]
    fn refuses_unlisted_and_malformed() {
        let policy = listed();
        assert_eq!(
            check(&policy, &["authorization,x-other"]),
            Err(Refusal::HeaderNotAllowed)
        );
        assert_eq!(
            check(&policy, &["authorizatio"]),
            Err(Refusal::HeaderNotAllowed)
        );
        assert_eq!(
            check(&policy, &["authorization;x"]),
            Err(Refusal::MalformedRequestHeaders)
        );
        assert_eq!(
            check(&policy, &["content type"]),
            Err(Refusal::MalformedRequestHeaders)
        );
        let long = "x".repeat(MAX_REQUEST_HEADERS_LEN + 1);
        assert_eq!(
            check(&policy, &[&long]),
            Err(Refusal::MalformedRequestHeaders)
        );
        let many = vec!["authorization"; MAX_REQUEST_HEADER_NAMES + 1].join(",");
        assert_eq!(
            check(&policy, &[&many]),
            Err(Refusal::MalformedRequestHeaders)
        );
        let lines = vec!["authorization"; MAX_REQUEST_HEADER_LINES + 1];
        assert_eq!(
            check(&policy, &lines),
            Err(Refusal::MalformedRequestHeaders)
        );
        // Exactly the limit is fine; the limits are checked before any name.
        let lines = vec!["authorization"; MAX_REQUEST_HEADER_LINES];
        assert!(check(&policy, &lines).is_ok());
        let mut lines = vec!["authorization"; MAX_REQUEST_HEADER_LINES + 1];
        lines[0] = "x-unlisted";
        assert_eq!(
            check(&policy, &lines),
            Err(Refusal::MalformedRequestHeaders)
        );
        let mut headers = HeaderMap::new();
        headers.insert(ACRH, HeaderValue::from_bytes(b"x-\xff").unwrap());
        assert_eq!(
            policy.check(&headers),
            Err(Refusal::MalformedRequestHeaders)
        );
    }

    #[test]
    fn mirror_echoes_what_was_asked() {
        let policy = AllowHeaders::Mirror;
        assert_eq!(
            check(&policy, &["authorization,x-custom"])
                .unwrap()
                .unwrap(),
            "authorization,x-custom"
        );
        assert_eq!(check(&policy, &["a", "b"]).unwrap().unwrap(), "a, b");
        assert_eq!(
            check(&policy, &["a b"]),
            Err(Refusal::MalformedRequestHeaders)
        );
        assert_eq!(check(&policy, &["*"]), Err(Refusal::HeaderNotAllowed));
        assert_eq!(
            check(&policy, &["authorization, *"]),
            Err(Refusal::HeaderNotAllowed)
        );
    }

    #[test]
    fn first_refused_names_the_header() {
        let mut headers = HeaderMap::new();
        headers.insert(ACRH, HeaderValue::from_static("authorization,x-secret"));
        assert_eq!(
            first_refused_header(&listed(), &headers).as_deref(),
            Some("x-secret")
        );
    }
}
