//! The run-time decision on arbitrary request headers: never a panic, and
//! an allowed origin is echoed byte for byte.
#![no_main]

use cors_rules::exact_table;
use cors_rules::pattern::{OriginEntry, parse_origin_entry};
use cors_runtime::Policy;
use cors_runtime::matching::headers::AllowHeaders;
use cors_runtime::matching::methods::AllowMethods;
use cors_runtime::matching::origins::{AllowOrigin, OriginList};
use cors_runtime::OriginCheck;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use libfuzzer_sys::fuzz_target;

fn policy() -> &'static Policy {
    static POLICY: std::sync::OnceLock<&'static Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        let exact = ["https://myapp.com", "http://localhost:3000"];
        let slots: Vec<&'static str> =
            exact_table::build(&exact).into_iter().map(|s| s.map_or("", |i| exact[i])).collect();
        let patterns: Vec<_> = ["https://*.myapp.com", "http://127.0.0.1:*"]
            .into_iter()
            .filter_map(|p| match parse_origin_entry(p) {
                Ok(OriginEntry::Pattern(pattern)) => Some(pattern),
                _ => None,
            })
            .collect();
        Box::leak(Box::new(Policy::__new(
            "fuzz",
            AllowOrigin::List(OriginList::__new(
                Box::leak(slots.into_boxed_slice()),
                Box::leak(patterns.into_boxed_slice()),
                None,
                &[],
                &[],
                &[],
            )),
            AllowMethods::__new(
                &["GET", "POST"],
                HeaderValue::from_static("GET, POST"),
                HeaderValue::from_static("GET, POST, OPTIONS"),
            ),
            AllowHeaders::__list(&["authorization", "content-type"], Some(HeaderValue::from_static("authorization, content-type"))),
            &[],
            None,
            true,
            None,
            false,
            false,
            &[],
        )))
    })
}

const NAMES: [&str; 4] = ["origin", "access-control-request-method", "access-control-request-headers", "vary"];

fuzz_target!(|data: &[u8]| {
    // Split the input into header lines: the first byte of each piece picks a name.
    let mut headers = HeaderMap::new();
    for piece in data.split(|&b| b == b'\n') {
        let Some((&selector, value)) = piece.split_first() else { continue };
        let name = HeaderName::from_static(NAMES[usize::from(selector) % NAMES.len()]);
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }
    let policy = policy();
    let check = policy.check_origin(&headers);
    if let OriginCheck::Allowed(echo) = &check {
        let origins: Vec<_> = headers.get_all("origin").iter().collect();
        assert_eq!(origins.len(), 1);
        assert_eq!(echo, origins[0]);
    }
    let mut response = HeaderMap::new();
    policy.write_actual(check.clone(), &mut response);
    let mut preflight = HeaderMap::new();
    let status = policy.answer_options(&Method::OPTIONS, &headers, &mut preflight);
    assert!(status == 204 || status == 403);
});
