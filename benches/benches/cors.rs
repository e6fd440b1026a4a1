//! The same policy served three ways, in the same run and the same groups:
//! our attribute, tower-http's `CorsLayer` per route, and no CORS (the
//! floor). Service level, two ways (`router/...`: the routes in an
//! `axum::Router` as `axum::serve` runs them; `service/...`: the bare
//! `MethodRouter` cloned per request) and policy level (our decision
//! functions alone).
//!
//! `cargo bench -p handler-cors-bench`; see BENCHMARKS.md.

use std::hint::black_box;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, header};
use std::convert::Infallible;

use axum::response::Response;
use axum::routing::MethodRouter;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use handler_cors_bench::{
    ACRH, ACRM, ALLOWED, COUNTS, REFUSED, app, floor, ours, ours_layer, ours_pattern, tower,
    tower_pattern,
};
use tower::{Service, ServiceExt};

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
    let mut variants: Vec<(String, MethodRouter, MethodRouter, HeaderValue)> = COUNTS
        .iter()
        .map(|&n| (n.to_string(), ours(n), tower(n), ALLOWED_VALUE))
        .collect();
    for kind in ["wildcard", "regex"] {
        variants.push((
            kind.to_owned(),
            ours_pattern(kind),
            tower_pattern(kind),
            PATTERN_VALUE,
        ));
    }
    // Our named policy as a tower layer over plain handlers, against the
    // same tower-http layer at 10 origins.
    variants.push(("layer".to_owned(), ours_layer(), tower(10), ALLOWED_VALUE));
    // `router/...`: the routes in an `axum::Router`, as `axum::serve` runs
    // them (a request clones only its route). `service/...`: the bare
    // `MethodRouter` cloned per request, which also clones every other
    // route (and tower-http's layer on each).
    let routers: Vec<_> = variants
        .iter()
        .map(|(id, ours, tower, allowed)| {
            (
                id.clone(),
                app(ours.clone()),
                app(tower.clone()),
                allowed.clone(),
            )
        })
        .collect();
    harness(c, "router", &routers, &app(floor()));
    harness(c, "service", &variants, &floor());
}

/// Ours, tower-http's and the floor in the same groups, one per case.
fn harness<S>(c: &mut Criterion, name: &str, variants: &[(String, S, S, HeaderValue)], floor: &S)
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for case in Case::ALL {
        let mut group = c.benchmark_group(format!("{name}/{}", case.name()));
        for (id, ours, tower, allowed) in variants {
            for (label, service) in [("ours", ours), ("tower-http", tower), ("no-cors", floor)] {
                group.bench_with_input(BenchmarkId::new(label, id), id, |b, _| {
                    b.to_async(&runtime).iter(|| {
                        let request = case.request(allowed.clone());
                        let service = service.clone();
                        async move {
                            black_box(service.oneshot(request).await.expect("infallible"))
                        }
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
