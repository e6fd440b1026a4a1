//! Cross-origin request protection (`csrf = true`): the algorithm of Go
//! 1.25's `net/http.CrossOriginProtection`, with the policy's own origins as
//! the trusted ones. Pure: nothing is written or traced here.
//!
//! 1. `GET`, `HEAD` and `OPTIONS` always pass.
//! 2. `Sec-Fetch-Site: same-origin` or `none` passes; any other value
//!    (`cross-site`, `same-site`, or one no browser sends) means another
//!    origin sent the request.
//! 3. Without `Sec-Fetch-Site` (an older browser, or no browser): no
//!    `Origin` passes (curl, another server, an old same-origin form); an
//!    `Origin` whose `host[:port]` is the request's `Host` passes; any other
//!    means another origin sent it.
//! 4. A request another origin sent passes only when its `Origin` is one
//!    the policy allows: the same answer CORS gives it.

use http::header::HOST;
use http::{HeaderMap, HeaderName, Method};

use crate::outcome::{CsrfRefusal, OriginCheck};
use crate::policy::Policy;
use crate::request::{RequestOrigin, read_origin};

/// `Sec-Fetch-Site`, a fetch metadata header only browsers set.
pub const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// Whether a method is safe in the sense of cross-origin request
/// protection: `GET`, `HEAD` and `OPTIONS` are never refused.
pub fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Steps 1 to 3, which need no policy: `Some` when the request has an
/// unsafe method and a browser says another origin sent it (and how it
/// said so), `None` when it passes whatever its origin.
///
/// `uri_authority` is the request target's authority, used when there is
/// no `Host` header (HTTP/2 sends `:authority` instead).
///
/// ```
/// use cors_runtime::decide::csrf::cross_origin_signal;
/// use cors_runtime::outcome::CsrfRefusal;
/// use http::{HeaderMap, HeaderValue, Method};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("host", HeaderValue::from_static("api.myapp.com"));
/// headers.insert("origin", HeaderValue::from_static("https://evil.example"));
/// assert_eq!(cross_origin_signal(&Method::POST, &headers, None), Some(CsrfRefusal::OriginNotHost));
/// assert_eq!(cross_origin_signal(&Method::GET, &headers, None), None);
/// headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
/// assert_eq!(cross_origin_signal(&Method::POST, &headers, None), None);
/// ```
pub fn cross_origin_signal(
    method: &Method,
    headers: &HeaderMap,
    uri_authority: Option<&str>,
) -> Option<CsrfRefusal> {
    if is_safe_method(method) {
        return None;
    }
    let mut sites = headers.get_all(SEC_FETCH_SITE).iter();
    match (sites.next(), sites.next()) {
        (Some(site), None) => {
            return match site.as_bytes() {
                b"same-origin" | b"none" => None,
                _ => Some(CsrfRefusal::SecFetchSite),
            };
        }
        // Repeated: no browser sends that; treated as another origin.
        (Some(_), Some(_)) => return Some(CsrfRefusal::SecFetchSite),
        (None, _) => {}
    }
    let mut origins = headers.get_all(http::header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        // Neither header: same-origin in an old browser, or not a browser.
        return None;
    };
    if origins.next().is_none()
        && let Some(host) = request_host(headers, uri_authority)
        && origin_host(origin.as_bytes()).is_some_and(|o| o.eq_ignore_ascii_case(host))
    {
        return None;
    }
    Some(CsrfRefusal::OriginNotHost)
}

/// The request's `Host` (exactly one), or else the target's authority.
fn request_host<'a>(headers: &'a HeaderMap, uri_authority: Option<&'a str>) -> Option<&'a [u8]> {
    let mut hosts = headers.get_all(HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(host), None) => Some(host.as_bytes()),
        (Some(_), Some(_)) => None,
        (None, _) => uri_authority.map(str::as_bytes),
    }
}

/// The `host[:port]` of a serialized origin (`scheme://host[:port]`).
fn origin_host(origin: &[u8]) -> Option<&[u8]> {
    let start = origin.windows(3).position(|w| w == b"://")? + 3;
    let host = &origin[start..];
    (!host.is_empty() && !host.contains(&b'/')).then_some(host)
}

impl Policy {
    /// Step 4: whether a request that `signal` says another origin sent is
    /// refused, given its `Origin` and the policy's decision on it. A policy
    /// without `csrf = true` refuses nothing.
    #[doc(hidden)]
    pub fn csrf_verdict(
        &self,
        signal: Option<CsrfRefusal>,
        origin: &RequestOrigin<'_>,
        check: &OriginCheck,
    ) -> Result<(), CsrfRefusal> {
        let Some(signal) = signal.filter(|_| self.csrf) else {
            return Ok(());
        };
        let trusted = matches!(origin, RequestOrigin::Present { .. })
            && matches!(check, OriginCheck::Allowed(_));
        if trusted { Ok(()) } else { Err(signal) }
    }

    /// The whole check on a request whose origin was already decided
    /// (`check`, from [`Policy::check_origin`] or its async form): `Err`
    /// when cross-origin request protection refuses it.
    ///
    /// ```
    /// # use cors_runtime::OriginCheck;
    /// # use http::{HeaderMap, HeaderValue, Method};
    /// # fn demo(policy: &cors_runtime::Policy) {
    /// let mut headers = HeaderMap::new();
    /// headers.insert("origin", HeaderValue::from_static("https://evil.example"));
    /// headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
    /// let check = policy.check_origin(&headers);
    /// assert!(policy.check_csrf(&Method::POST, &headers, None, &check).is_err());
    /// # }
    /// ```
    #[doc(hidden)]
    pub fn check_csrf(
        &self,
        method: &Method,
        headers: &HeaderMap,
        uri_authority: Option<&str>,
        check: &OriginCheck,
    ) -> Result<(), CsrfRefusal> {
        if !self.csrf {
            return Ok(());
        }
        let signal = cross_origin_signal(method, headers, uri_authority);
        self.csrf_verdict(signal, &read_origin(headers), check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn safe_methods_always_pass() {
        let cross = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://e.com"),
        ]);
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert_eq!(cross_origin_signal(&method, &cross, None), None, "{method}");
        }
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert_eq!(
                cross_origin_signal(&method, &cross, None),
                Some(CsrfRefusal::SecFetchSite),
                "{method}"
            );
        }
    }

    #[test]
    fn sec_fetch_site_decides_when_present() {
        for (site, expected) in [
            ("same-origin", None),
            ("none", None),
            ("same-site", Some(CsrfRefusal::SecFetchSite)),
            ("cross-site", Some(CsrfRefusal::SecFetchSite)),
            ("Same-Origin", Some(CsrfRefusal::SecFetchSite)),
            ("nonsense", Some(CsrfRefusal::SecFetchSite)),
        ] {
            // Origin matching Host does not override the header.
            let map = headers(&[
                ("sec-fetch-site", site),
                ("host", "a.com"),
                ("origin", "https://a.com"),
            ]);
            assert_eq!(
                cross_origin_signal(&Method::POST, &map, None),
                expected,
                "{site}"
            );
        }
        let twice = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-site", "none"),
        ]);
        assert!(cross_origin_signal(&Method::POST, &twice, None).is_some());
    }

    #[test]
    fn without_sec_fetch_site_origin_is_compared_with_host() {
        let post = |pairs: &[(&'static str, &'static str)], authority| {
            cross_origin_signal(&Method::POST, &headers(pairs), authority)
        };
        assert_eq!(post(&[], None), None);
        assert_eq!(post(&[("host", "a.com")], None), None);
        assert_eq!(
            post(&[("host", "a.com"), ("origin", "https://a.com")], None),
            None
        );
        assert_eq!(
            post(
                &[("host", "a.com:8080"), ("origin", "http://a.com:8080")],
                None
            ),
            None
        );
        assert_eq!(
            post(&[("host", "A.com"), ("origin", "https://a.com")], None),
            None
        );
        assert_eq!(post(&[("origin", "https://a.com")], Some("a.com")), None);
        let refused = Some(CsrfRefusal::OriginNotHost);
        assert_eq!(
            post(&[("host", "a.com"), ("origin", "https://b.com")], None),
            refused
        );
        assert_eq!(
            post(&[("host", "a.com"), ("origin", "https://a.com:8443")], None),
            refused
        );
        assert_eq!(
            post(&[("host", "a.com"), ("origin", "null")], None),
            refused
        );
        assert_eq!(post(&[("origin", "https://a.com")], None), refused);
        assert_eq!(
            post(
                &[
                    ("host", "a.com"),
                    ("origin", "https://a.com"),
                    ("origin", "https://a.com")
                ],
                None
            ),
            refused
        );
        assert_eq!(
            post(
                &[
                    ("host", "a.com"),
                    ("host", "b.com"),
                    ("origin", "https://a.com")
                ],
                None
            ),
            refused
        );
    }
}
