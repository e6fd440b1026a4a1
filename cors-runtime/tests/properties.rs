//! Property tests: random policies built from the valid grammar, random
//! requests (valid and hostile origins, methods, request headers), and a
//! small reference model written here, independently of the runtime, that
//! says what must be allowed. The runtime must agree with it exactly, and
//! its answers must keep the protocol's invariants whatever the input.
//!
//! Policies are assembled the way the attribute assembles them (the exact
//! table from `cors_rules::exact_table`, patterns from
//! `cors_rules::pattern`), through the runtime's hidden constructors.

use std::collections::BTreeSet;

use cors_rules::exact_table;
use cors_rules::pattern::{OriginEntry, OriginPattern, parse_origin_entry};
use cors_runtime::Policy;
use cors_runtime::matching::headers::AllowHeaders;
use cors_runtime::matching::methods::AllowMethods;
use cors_runtime::matching::origins::{AllowOrigin, OriginList};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// The reference model.
// ---------------------------------------------------------------------

/// A policy as the model sees it.
#[derive(Debug, Clone)]
struct Model {
    any: bool,
    exact: Vec<String>,
    /// (scheme, domain): `scheme://*.domain`.
    subdomains: Vec<(String, String)>,
    /// (scheme, host): `scheme://host:*`.
    any_port: Vec<(String, String)>,
    methods: Vec<String>,
    /// `None`: `headers = any`.
    headers: Option<Vec<String>>,
    credentials: bool,
}

fn is_label(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 63
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_port(text: &str, scheme: &str) -> bool {
    let default = match scheme {
        "http" => 80,
        "https" => 443,
        _ => 0,
    };
    !text.is_empty()
        && !text.starts_with('0')
        && text.len() <= 5
        && text.bytes().all(|b| b.is_ascii_digit())
        && text
            .parse::<u32>()
            .is_ok_and(|port| (1..=65535).contains(&port) && port != default)
}

/// A single well-formed `Origin` value: what the runtime answers at all.
fn sendable(values: &[String]) -> Option<&str> {
    match values {
        [one]
            if !one.is_empty()
                && one.len() <= 320
                && one.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t') =>
        {
            Some(one)
        }
        _ => None,
    }
}

impl Model {
    fn allows(&self, origin: &str) -> bool {
        if self.any {
            return true;
        }
        if self.exact.iter().any(|exact| exact == origin) {
            return true;
        }
        let subdomain = self.subdomains.iter().any(|(scheme, domain)| {
            origin
                .strip_prefix(&format!("{scheme}://"))
                .and_then(|rest| rest.strip_suffix(&format!(".{domain}")))
                .is_some_and(|labels| {
                    labels.len() + domain.len() < 253 && labels.split('.').all(is_label)
                })
        });
        let any_port = self.any_port.iter().any(|(scheme, host)| {
            match origin.strip_prefix(&format!("{scheme}://{host}")) {
                Some("") => true,
                Some(rest) => rest
                    .strip_prefix(':')
                    .is_some_and(|port| is_port(port, scheme)),
                None => false,
            }
        });
        subdomain || any_port
    }
}

// ---------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------

const DOMAINS: &[&str] = &["myapp.com", "a.example", "b-c.example", "shop.co.uk"];
const SCHEMES: &[&str] = &["https", "http"];
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PROPFIND"];
const HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "x-csrftoken",
    "x-requested-with",
    "accept",
];

fn model() -> impl Strategy<Value = Model> {
    let host = (
        prop::sample::select(&["", "www.", "api.", "a.b."][..]),
        prop::sample::select(DOMAINS),
    )
        .prop_map(|(prefix, domain)| format!("{prefix}{domain}"));
    let exact = (
        prop::sample::select(SCHEMES),
        host.clone(),
        prop::option::of(1000u16..9999),
    )
        .prop_map(|(scheme, host, port)| match port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        });
    (
        any::<bool>(),
        prop::collection::vec(exact, 0..6),
        prop::collection::vec(
            (
                prop::sample::select(SCHEMES),
                prop::sample::select(&["myapp.com", "a.example"][..]),
            ),
            0..2,
        ),
        prop::collection::vec(
            (
                prop::sample::select(SCHEMES),
                prop::sample::select(&["localhost", "a.example"][..]),
            ),
            0..2,
        ),
        prop::sample::subsequence(METHODS, 1..METHODS.len()),
        prop::option::of(prop::sample::subsequence(HEADERS, 0..HEADERS.len())),
        any::<bool>(),
    )
        .prop_map(
            |(any, exact, subdomains, any_port, methods, headers, credentials)| {
                let dedup =
                    |v: Vec<String>| v.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
                Model {
                    any,
                    exact: dedup(exact),
                    subdomains: subdomains
                        .into_iter()
                        .map(|(s, d)| (s.to_owned(), d.to_owned()))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    any_port: any_port
                        .into_iter()
                        .map(|(s, h)| (s.to_owned(), h.to_owned()))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    methods: methods.into_iter().map(str::to_owned).collect(),
                    headers: headers.map(|h| h.into_iter().map(str::to_owned).collect()),
                    // `any` with credentials does not compile.
                    credentials: credentials && !any,
                }
            },
        )
}

/// Origins near the configured ones (mutations) and plain hostile ones.
fn origin_for(model: &Model) -> BoxedStrategy<String> {
    let mut known: Vec<String> = model.exact.clone();
    for (scheme, domain) in &model.subdomains {
        known.push(format!("{scheme}://x.{domain}"));
        known.push(format!("{scheme}://a.b.{domain}"));
        known.push(format!("{scheme}://{domain}"));
    }
    for (scheme, host) in &model.any_port {
        known.push(format!("{scheme}://{host}:3000"));
        known.push(format!("{scheme}://{host}"));
    }
    known.push("https://myapp.com".to_owned());
    let mutate = (prop::sample::select(known), 0usize..16).prop_map(|(origin, how)| match how {
        0 => origin.to_uppercase(),
        1 => format!("{origin}/"),
        2 => format!("{origin}.evil.com"),
        3 => format!("evil{origin}"),
        4 => origin.replacen("://", "://evil", 1),
        5 => origin.replacen("https://", "http://", 1),
        6 => origin.replacen("http://", "https://", 1),
        7 => format!("{origin}:443"),
        8 => format!("{origin}:80"),
        9 => format!("{origin}:08080"),
        10 => format!(" {origin}"),
        11 => origin.replacen("://", "://user@", 1),
        12 => format!("{origin}, https://evil.com"),
        13 => origin.replace('.', "x"),
        14 => format!("{origin}."),
        _ => origin,
    });
    prop_oneof![
        4 => mutate,
        1 => "[ -~]{0,40}",
        1 => Just("null".to_owned()),
        1 => Just(format!("https://{}.com", "a".repeat(400))),
    ]
    .boxed()
}

#[derive(Debug, Clone)]
struct Probe {
    origins: Vec<String>,
    method: String,
    headers: Vec<String>,
}

fn probe_for(model: &Model) -> BoxedStrategy<Probe> {
    let origin = origin_for(model);
    (
        prop_oneof![
            8 => origin.clone().prop_map(|o| vec![o]),
            1 => Just(Vec::new()),
            1 => (origin.clone(), origin).prop_map(|(a, b)| vec![a, b]),
        ],
        prop_oneof![
            4 => prop::sample::select(METHODS).prop_map(str::to_owned),
            1 => Just("get".to_owned()),
            1 => "[A-Z]{1,8}",
        ],
        prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(HEADERS).prop_map(str::to_owned),
                1 => prop::sample::select(HEADERS).prop_map(|h| h.to_uppercase()),
                1 => Just("x-other".to_owned()),
                1 => Just("*".to_owned()),
                1 => Just("bad header".to_owned()),
            ],
            0..4,
        ),
    )
        .prop_map(|(origins, method, headers)| Probe {
            origins,
            method,
            headers,
        })
        .boxed()
}

// ---------------------------------------------------------------------
// The system under test, assembled as the attribute assembles it.
// ---------------------------------------------------------------------

fn leak<T>(value: Vec<T>) -> &'static [T] {
    Box::leak(value.into_boxed_slice())
}

fn build(model: &Model, csrf: bool) -> &'static Policy {
    let origins = if model.any {
        AllowOrigin::Any
    } else {
        let exact: Vec<&'static str> = model
            .exact
            .iter()
            .map(|o| &*Box::leak(o.clone().into_boxed_str()))
            .collect();
        let slots: Vec<&'static str> = exact_table::build(&exact)
            .into_iter()
            .map(|slot| slot.map_or("", |i| exact[i]))
            .collect();
        let mut patterns: Vec<OriginPattern<'static>> = Vec::new();
        let texts = model
            .subdomains
            .iter()
            .map(|(scheme, domain)| format!("{scheme}://*.{domain}"))
            .chain(
                model
                    .any_port
                    .iter()
                    .map(|(scheme, host)| format!("{scheme}://{host}:*")),
            );
        for text in texts {
            let text: &'static str = Box::leak(text.into_boxed_str());
            match parse_origin_entry(text) {
                Ok(OriginEntry::Pattern(pattern)) => patterns.push(pattern),
                other => panic!("the generator only makes valid patterns: {text} {other:?}"),
            }
        }
        AllowOrigin::List(OriginList::__new(
            leak(slots),
            leak(patterns),
            None,
            &[],
            &[],
            &[],
        ))
    };
    let methods: Vec<&'static str> = model
        .methods
        .iter()
        .map(|m| &*Box::leak(m.clone().into_boxed_str()))
        .collect();
    let methods_value = HeaderValue::from_str(&methods.join(", ")).unwrap();
    let mut allow = methods.clone();
    allow.push("OPTIONS");
    let allow_value = HeaderValue::from_str(&allow.join(", ")).unwrap();
    let headers = match &model.headers {
        None => AllowHeaders::Mirror,
        Some(names) => {
            let mut names: Vec<&'static str> = names
                .iter()
                .map(|h| &*Box::leak(h.clone().into_boxed_str()))
                .collect();
            names.sort_unstable();
            let value =
                (!names.is_empty()).then(|| HeaderValue::from_str(&names.join(", ")).unwrap());
            AllowHeaders::__list(leak(names), value)
        }
    };
    Box::leak(Box::new(Policy::__new(
        "property",
        origins,
        AllowMethods::__new(leak(methods), methods_value, allow_value),
        headers,
        &[],
        None,
        model.credentials,
        None,
        false,
        csrf,
        &[],
    )))
}

fn request_headers(probe: &Probe, preflight: bool) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for origin in &probe.origins {
        if let Ok(value) = HeaderValue::from_str(origin) {
            headers.append("origin", value);
        }
    }
    if preflight {
        headers.insert(
            "access-control-request-method",
            HeaderValue::from_str(&probe.method).unwrap(),
        );
        if !probe.headers.is_empty() {
            headers.insert(
                "access-control-request-headers",
                HeaderValue::from_str(&probe.headers.join(",")).unwrap(),
            );
        }
    }
    headers
}

fn names_origin(headers: &HeaderMap) -> bool {
    headers.get_all("vary").iter().any(|v| {
        v.to_str()
            .unwrap()
            .split(',')
            .any(|n| n.trim().eq_ignore_ascii_case("origin"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn actual_requests_match_the_model((model, probe) in model().prop_flat_map(|m| { let p = probe_for(&m); (Just(m), p) })) {
        let policy = build(&model, false);
        let request = request_headers(&probe, false);
        let sent: Vec<String> = request.get_all("origin").iter().map(|v| v.to_str().unwrap_or("").to_owned()).collect();
        let mut response = HeaderMap::new();
        policy.write_actual(policy.check_origin(&request), &mut response);
        let acao = response.get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());

        let expected_allowed = match sendable(&sent) {
            Some(origin) => model.allows(origin),
            // No Origin at all: only `any` answers (with `*`).
            None => sent.is_empty() && model.any,
        };
        prop_assert_eq!(acao.is_some(), expected_allowed, "policy {:?} origin {:?} answered {:?}", model, sent, response);
        if let Some(acao) = &acao {
            if model.any {
                prop_assert_eq!(acao.as_str(), "*");
            } else {
                prop_assert_eq!(acao.as_str(), sent[0].as_str(), "echoed byte for byte");
            }
            prop_assert!(!(acao == "*" && model.credentials), "never * with credentials");
        }
        prop_assert_eq!(response.contains_key("access-control-allow-credentials"), acao.is_some() && model.credentials);
        prop_assert_eq!(response.get_all("access-control-allow-origin").iter().count(), usize::from(acao.is_some()));
        // Vary names Origin whenever the answer depends on the origin: always
        // for a list; for `any`, when the request was refused.
        if !model.any || acao.is_none() {
            prop_assert!(names_origin(&response), "Vary: {:?}", response.get_all("vary"));
        }
    }

    #[test]
    fn preflights_match_the_model((model, probe) in model().prop_flat_map(|m| { let p = probe_for(&m); (Just(m), p) })) {
        let policy = build(&model, false);
        let request = request_headers(&probe, true);
        let sent: Vec<String> = request.get_all("origin").iter().map(|v| v.to_str().unwrap_or("").to_owned()).collect();
        let mut response = HeaderMap::new();
        let status = policy.answer_options(&Method::OPTIONS, &request, &mut response);

        let is_preflight = !sent.is_empty();
        let origin_ok = sendable(&sent).is_some_and(|origin| model.allows(origin));
        let method_ok = model.methods.contains(&probe.method);
        let headers_ok = probe.headers.iter().all(|h| match &model.headers {
            _ if h == "bad header" || h == "*" => false,
            None => true,
            Some(list) => list.iter().any(|allowed| allowed.eq_ignore_ascii_case(h)),
        });
        let expected = if !is_preflight || (origin_ok && method_ok && headers_ok) {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::FORBIDDEN
        };
        prop_assert_eq!(status, expected, "policy {:?} probe {:?} answered {:?}", model, probe, response);
        prop_assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR);
        prop_assert!(response.get_all("vary").iter().count() == 1);
        let acah = response.get("access-control-allow-headers").map(|v| v.to_str().unwrap().to_owned());
        prop_assert!(acah.as_deref().is_none_or(|v| v.split(',').all(|n| n.trim() != "*")), "ACAH {:?}", acah);
        if status == StatusCode::FORBIDDEN || !is_preflight {
            prop_assert!(response.keys().all(|name| !name.as_str().starts_with("access-control-")));
        } else {
            let acao = response["access-control-allow-origin"].to_str().unwrap();
            prop_assert!(acao == sent[0] || (acao == "*" && !model.credentials));
            prop_assert_eq!(acah.is_some(), !probe.headers.is_empty());
        }
    }

    /// Cross-origin request protection against a model of Go 1.25's
    /// `CrossOriginProtection` with the policy's origins as the trusted
    /// ones, written here from its description.
    #[test]
    fn csrf_matches_the_model(
        (model, probe) in model().prop_flat_map(|m| { let p = probe_for(&m); (Just(m), p) }),
        site in prop_oneof![
            3 => Just(None),
            1 => Just(Some("same-origin")),
            1 => Just(Some("none")),
            1 => Just(Some("same-site")),
            2 => Just(Some("cross-site")),
            1 => Just(Some("Cross-Site")),
        ],
        host in prop_oneof![
            1 => Just(None),
            2 => Just(Some("api.example.com".to_owned())),
            2 => Just(Some(String::new())),
        ],
    ) {
        let policy = build(&model, true);
        let mut request = request_headers(&probe, false);
        if let Some(site) = site {
            request.insert("sec-fetch-site", HeaderValue::from_static(site));
        }
        let sent: Vec<String> = request.get_all("origin").iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
        // An empty host stands for "the Origin's own host[:port]".
        let host = host.map(|h| if h.is_empty() {
            sent.first().and_then(|o| o.split_once("://")).map_or(String::new(), |(_, rest)| rest.to_owned())
        } else { h });
        if let Some(host) = host.as_deref().and_then(|h| HeaderValue::from_str(h).ok()) {
            request.insert("host", host);
        }
        let method = Method::from_bytes(probe.method.as_bytes()).unwrap_or(Method::POST);
        let check = policy.check_origin(&request);
        let refused = policy.check_csrf(&method, &request, None, &check).is_err();

        let safe = matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
        let host_sent = request.get("host").map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned());
        let from_elsewhere = match site {
            Some("same-origin" | "none") => false,
            Some(_) => true,
            None => match sent.as_slice() {
                [] => false,
                // Compared with Host only when the Origin has a host
                // (and nothing after it): anything else is from elsewhere.
                [one] => match one.split_once("://") {
                    Some((_, rest)) if !rest.is_empty() && !rest.contains('/') => {
                        Some(rest.to_ascii_lowercase()) != host_sent.map(|h| h.to_ascii_lowercase())
                    }
                    _ => true,
                },
                _ => true,
            },
        };
        let trusted = sendable(&sent).is_some_and(|origin| model.allows(origin));
        let expected = !safe && from_elsewhere && !trusted;
        prop_assert_eq!(refused, expected, "policy {:?} method {} site {:?} origins {:?} host {:?}", model, method, site, sent, request.get("host"));
        // Without the key, nothing is ever refused.
        let unprotected = build(&model, false);
        prop_assert!(unprotected.check_csrf(&method, &request, None, &check).is_ok());
    }
}
