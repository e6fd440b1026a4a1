//! An independent check of the criterion numbers: a plain timing loop, no
//! criterion. For each case, the router is cloned and called per request
//! (as axum does), ours, tower-http's and no CORS interleaved in rounds;
//! prints the median ns per request of the rounds and the overhead ratio.
//!
//! `cargo run --release -p handler-cors-bench --bin probe [requests per round] [case]`
//!
//! `case` keeps only the cases whose name contains it (`wildcard`, say):
//! what a profiler (`perf record`) should look at. With a third argument
//! `ours`, only our side is timed (for the profiler; no ratio printed).

use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, header};
use axum::routing::MethodRouter;
use handler_cors_bench::{
    ACRH, ACRM, ALLOWED, floor, ours, ours_layer, ours_pattern, tower, tower_pattern,
};
use tower::ServiceExt;

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
fn time(
    runtime: &tokio::runtime::Runtime,
    router: &MethodRouter,
    preflight: bool,
    origin: &'static str,
    count: u32,
) -> f64 {
    let start = Instant::now();
    runtime.block_on(async {
        for _ in 0..count {
            let response = router
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

fn main() {
    let count: u32 = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let only = std::env::args().nth(2).unwrap_or_default();
    let only_ours = std::env::args().nth(3).as_deref() == Some("ours");
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
    let floor = floor();
    println!(
        "{:<20} {:<10} {:>9} {:>11} {:>9} {:>7}",
        "case", "request", "ours ns", "tower ns", "floor ns", "ratio"
    );
    for (name, ours, tower, origin) in cases.iter().filter(|case| case.0.contains(&*only)) {
        for preflight in [false, true] {
            let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                a.push(time(&runtime, ours, preflight, origin, count));
                if only_ours {
                    continue;
                }
                b.push(time(&runtime, tower, preflight, origin, count));
                c.push(time(&runtime, &floor, preflight, origin, count));
            }
            if only_ours {
                println!("{name:<20} {preflight:<10} {:>9.0}", median(a));
                continue;
            }
            let (ours_ns, tower_ns, floor_ns) = (median(a), median(b), median(c));
            println!(
                "{:<20} {:<10} {:>9.0} {:>11.0} {:>9.0} {:>7.2}",
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
