//! The same policy served three ways, in the same run and the same groups:
//! our attribute, tower-http's `CorsLayer` per route, and no CORS (the
//! floor). Service level (a `MethodRouter` driven with `oneshot`) and policy
//! level (our decision functions alone).
//!
//! `cargo bench -p handler-cors-bench`; see BENCHMARKS.md.

use std::hint::black_box;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, header};
use axum::routing::MethodRouter;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use handler_cors_bench::{
    ACRH, ACRM, ALLOWED, COUNTS, REFUSED, floor, ours, ours_layer, ours_pattern, tower,
    tower_pattern,
};
use tower::ServiceExt;

const ALLOWED_VALUE: HeaderValue = HeaderValue::from_static(ALLOWED);
const REFUSED_VALUE: HeaderValue = HeaderValue::from_static(REFUSED);
const PATTERN_VALUE: HeaderValue = HeaderValue::from_static("https://pr-42.site.example");

#[derive(Clone, Copy)]
enum Case {
    AllowedActual,
    RefusedActual,
    AllowedPreflight,
    RefusedPreflight,
}

impl Case {
    const ALL: [Case; 4] = [
        Case::AllowedActual,
        Case::RefusedActual,
        Case::AllowedPreflight,
        Case::RefusedPreflight,
    ];

    fn name(self) -> &'static str {
        match self {
            Case::AllowedActual => "allowed_actual",
            Case::RefusedActual => "refused_actual",
            Case::AllowedPreflight => "allowed_preflight",
            Case::RefusedPreflight => "refused_preflight",
        }
    }

    fn request(self, allowed: HeaderValue) -> Request<Body> {
        let (origin, preflight) = match self {
            Case::AllowedActual => (allowed, false),
            Case::RefusedActual => (REFUSED_VALUE, false),
            Case::AllowedPreflight => (allowed, true),
            Case::RefusedPreflight => (REFUSED_VALUE, true),
        };
        let builder = if preflight {
            Request::builder()
                .method(Method::OPTIONS)
                .header(ACRM, HeaderValue::from_static("PUT"))
                .header(ACRH, HeaderValue::from_static("authorization,content-type"))
        } else {
            Request::builder().method(Method::GET)
        };
        builder
            .uri("/")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .expect("valid request")
    }
}

fn service_level(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut variants: Vec<(String, String, MethodRouter, MethodRouter, HeaderValue)> = COUNTS
        .iter()
        .map(|&n| {
            (
                n.to_string(),
                format!("{n} origins"),
                ours(n),
                tower(n),
                ALLOWED_VALUE,
            )
        })
        .collect();
    for kind in ["wildcard", "regex"] {
        variants.push((
            kind.to_owned(),
            kind.to_owned(),
            ours_pattern(kind),
            tower_pattern(kind),
            PATTERN_VALUE,
        ));
    }
    // Our named policy as a tower layer over plain handlers, against the
    // same tower-http layer at 10 origins.
    variants.push((
        "layer".to_owned(),
        "layer, 10 origins".to_owned(),
        ours_layer(),
        tower(10),
        ALLOWED_VALUE,
    ));
    let floor = floor();
    for case in Case::ALL {
        let mut group = c.benchmark_group(format!("service/{}", case.name()));
        for (id, _, ours, tower, allowed) in &variants {
            for (label, router) in [("ours", ours), ("tower-http", tower), ("no-cors", &floor)] {
                group.bench_with_input(BenchmarkId::new(label, id), id, |b, _| {
                    b.to_async(&runtime).iter(|| {
                        let request = case.request(allowed.clone());
                        let router = router.clone();
                        async move { black_box(router.oneshot(request).await.expect("infallible")) }
                    })
                });
            }
        }
        group.finish();
    }
}

fn policy_level(c: &mut Criterion) {
    let policies: Vec<(usize, &'static handler_cors::Policy)> = vec![
        (1, handler_cors_bench::exact_1::POLICY),
        (10, handler_cors_bench::exact_10::POLICY),
        (100, handler_cors_bench::exact_100::POLICY),
        (1_000, handler_cors_bench::exact_1000::POLICY),
        (10_000, handler_cors_bench::exact_10000::POLICY),
    ];
    let mut allowed = HeaderMap::new();
    allowed.insert(header::ORIGIN, ALLOWED_VALUE);
    let mut refused = HeaderMap::new();
    refused.insert(header::ORIGIN, REFUSED_VALUE);
    let mut preflight = allowed.clone();
    preflight.insert(ACRM, HeaderValue::from_static("PUT"));
    preflight.insert(ACRH, HeaderValue::from_static("authorization,content-type"));

    let mut group = c.benchmark_group("policy/check_origin");
    for (count, policy) in &policies {
        group.bench_with_input(BenchmarkId::new("allowed", count), count, |b, _| {
            b.iter(|| black_box(policy.check_origin(black_box(&allowed))))
        });
        group.bench_with_input(BenchmarkId::new("refused", count), count, |b, _| {
            b.iter(|| black_box(policy.check_origin(black_box(&refused))))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("policy/check_preflight");
    for (count, policy) in &policies {
        group.bench_with_input(BenchmarkId::new("allowed", count), count, |b, _| {
            b.iter(|| black_box(policy.check_preflight(black_box(&preflight)).is_ok()))
        });
    }
    group.finish();

    let mut pattern = HeaderMap::new();
    pattern.insert(header::ORIGIN, PATTERN_VALUE);
    let mut group = c.benchmark_group("policy/patterns");
    group.bench_function("wildcard", |b| {
        b.iter(|| black_box(handler_cors_bench::wildcard::POLICY.check_origin(black_box(&pattern))))
    });
    group.bench_function("regex", |b| {
        b.iter(|| black_box(handler_cors_bench::regex::POLICY.check_origin(black_box(&pattern))))
    });
    group.finish();
}

criterion_group!(benches, service_level, policy_level);
criterion_main!(benches);
