//! An independent check of the criterion numbers: a plain timing loop, no
//! criterion. Ours, tower-http's and no CORS are interleaved in rounds; it
//! prints the median ns per request of the rounds and the overhead ratio,
//! for two ways of calling the routes:
//!
//! * `router`: the routes mounted in an `axum::Router`, cloned (an `Arc`)
//!   and called per request. This is what `axum::serve` does: a request
//!   clones only the route it is sent to.
//! * `method router`: the bare `MethodRouter` cloned and called per request
//!   (the harness the performance issue described). Cloning it clones every
//!   route, and with tower-http each route's copy of the `CorsLayer` (its
//!   origin list included), which a real server never does per request.
//!
//! `cargo run --release -p handler-cors-bench --bin probe [requests per round] [case] [side]`
//!
//! `case` keeps only the cases whose name contains it (`wildcard`, say):
//! what a profiler (`perf record`) should look at. `side` (`ours`, `tower`
//! or `floor`) times only that side, in the `router` harness (for the
//! profiler; no ratio printed).

use std::convert::Infallible;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, header};
use axum::response::Response;
use axum::routing::MethodRouter;
use handler_cors_bench::{
    ACRH, ACRM, ALLOWED, app, floor, ours, ours_layer, ours_pattern, tower, tower_pattern,
};
use tower::{Service, ServiceExt};

const ROUNDS: usize = 7;

fn request(preflight: bool, origin: &'static str) -> Request<Body> {
    let mut builder = Request::builder()
        .uri("/")
        .header(header::ORIGIN, HeaderValue::from_static(origin));
    builder = if preflight {
        builder
            .method(Method::OPTIONS)
            .header(ACRM, HeaderValue::from_static("PUT"))
            .header(ACRH, HeaderValue::from_static("authorization,content-type"))
    } else {
        builder.method(Method::GET)
    };
    builder.body(Body::empty()).expect("a valid request")
}

/// Nanoseconds per request over `count` requests.
fn time<S>(
    runtime: &tokio::runtime::Runtime,
    service: &S,
    preflight: bool,
    origin: &'static str,
    count: u32,
) -> f64
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone,
{
    let start = Instant::now();
    runtime.block_on(async {
        for _ in 0..count {
            let response = service
                .clone()
                .oneshot(request(preflight, origin))
                .await
                .expect("infallible");
            std::hint::black_box(response);
        }
    });
    start.elapsed().as_nanos() as f64 / f64::from(count)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Times ours, tower-http's and the floor in interleaved rounds; returns
/// the three medians.
fn compare<S>(
    runtime: &tokio::runtime::Runtime,
    [ours, tower, floor]: [&S; 3],
    preflight: bool,
    origin: &'static str,
    count: u32,
) -> [f64; 3]
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone,
{
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        for (side, service) in [ours, tower, floor].into_iter().enumerate() {
            times[side].push(time(runtime, service, preflight, origin, count));
        }
    }
    times.map(median)
}

fn main() {
    let count: u32 = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let only = std::env::args().nth(2).unwrap_or_default();
    let side = std::env::args().nth(3);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let wildcard_origin = "https://pr-42.site.example";
    let cases: [(&str, MethodRouter, MethodRouter, &'static str); 4] = [
        ("10 origins", ours(10), tower(10), ALLOWED),
        (
            "wildcard",
            ours_pattern("wildcard"),
            tower_pattern("wildcard"),
            wildcard_origin,
        ),
        (
            "regex",
            ours_pattern("regex"),
            tower_pattern("regex"),
            wildcard_origin,
        ),
        ("layer, 10 origins", ours_layer(), tower(10), ALLOWED),
    ];
    let cases: Vec<_> = cases
        .into_iter()
        .filter(|case| case.0.contains(&*only))
        .collect();
    let floor = floor();
    if let Some(side) = &side {
        for (name, ours, tower, origin) in &cases {
            let route = match side.as_str() {
                "ours" => ours,
                "tower" => tower,
                _ => &floor,
            };
            let app = app(route.clone());
            for preflight in [false, true] {
                let times = (0..ROUNDS)
                    .map(|_| time(&runtime, &app, preflight, origin, count))
                    .collect();
                println!("{name:<20} {preflight:<10} {side} {:>9.0}", median(times));
            }
        }
        return;
    }
    println!(
        "{:<14} {:<20} {:<10} {:>9} {:>11} {:>9} {:>7}",
        "harness", "case", "request", "ours ns", "tower ns", "floor ns", "ratio"
    );
    for harness in ["router", "method router"] {
        for (name, ours, tower, origin) in &cases {
            for preflight in [false, true] {
                let [ours_ns, tower_ns, floor_ns] = if harness == "router" {
                    let apps = [app(ours.clone()), app(tower.clone()), app(floor.clone())];
                    compare(
                        &runtime,
                        [&apps[0], &apps[1], &apps[2]],
                        preflight,
                        origin,
                        count,
                    )
                } else {
                    compare(&runtime, [ours, tower, &floor], preflight, origin, count)
                };
                println!(
                    "{:<14} {:<20} {:<10} {:>9.0} {:>11.0} {:>9.0} {:>7.2}",
                    harness,
                    name,
                    if preflight { "preflight" } else { "actual" },
                    ours_ns,
                    tower_ns,
                    floor_ns,
                    (ours_ns - floor_ns) / (tower_ns - floor_ns)
                );
            }
        }
    }
}
