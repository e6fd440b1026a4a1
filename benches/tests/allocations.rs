//! The CORS work allocates nothing: an allowed actual request, a refused one
//! and an allowed preflight through our attribute allocate exactly as much
//! as the same request to the same route without CORS.
//!
//! A counting global allocator (the workspace's one `unsafe` block) counts
//! the allocations of the current thread only, so parallel tests cannot
//! disturb each other.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::routing::{MethodRouter, get};
use handler_cors_bench::{ACRH, ACRM, ALLOWED, REFUSED, exact_10, ours_layer, plain, tower};
use tower::ServiceExt;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counter is a const-initialised thread local, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn request(method: Method, origin: &'static str) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri("/")
        .header(header::ORIGIN, HeaderValue::from_static(origin));
    if method == Method::OPTIONS {
        builder = builder
            .header(ACRM, HeaderValue::from_static("PUT"))
            .header(ACRH, HeaderValue::from_static("authorization,content-type"));
    }
    builder.body(Body::empty()).unwrap()
}

/// Allocations made while the router answers one request (the request is
/// built before counting starts; the response is dropped after).
fn allocations(router: &MethodRouter, method: Method, origin: &'static str) -> (usize, StatusCode) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut measured = Vec::new();
    // A few warm-up rounds: one-time initialisation is not per request.
    for _ in 0..5 {
        let request = request(method.clone(), origin);
        let router = router.clone();
        let before = ALLOCATIONS.with(Cell::get);
        let response = runtime.block_on(router.oneshot(request)).unwrap();
        let after = ALLOCATIONS.with(Cell::get);
        measured.push((after - before, response.status()));
        drop(response);
    }
    *measured.last().unwrap()
}

fn ours() -> MethodRouter {
    handler_cors::route!(get(exact_10).put(exact_10))
}

fn floor() -> MethodRouter {
    get(plain).put(plain).options(plain)
}

#[test]
fn allowed_actual_request_allocates_like_no_cors() {
    let (ours, status) = allocations(&ours(), Method::GET, ALLOWED);
    let (floor, _) = allocations(&floor(), Method::GET, ALLOWED);
    assert_eq!(status, StatusCode::OK);
    eprintln!("allocations per request: ours {ours}, no CORS {floor}");
    assert!(ours <= floor, "ours {ours} allocations, no CORS {floor}");
}

#[test]
fn refused_actual_request_allocates_like_no_cors() {
    let (ours, status) = allocations(&ours(), Method::GET, REFUSED);
    let (floor, _) = allocations(&floor(), Method::GET, REFUSED);
    assert_eq!(status, StatusCode::OK);
    eprintln!("allocations per request: ours {ours}, no CORS {floor}");
    assert!(ours <= floor, "ours {ours} allocations, no CORS {floor}");
}

#[test]
fn allowed_preflight_allocates_like_an_options_handler() {
    let (ours, status) = allocations(&ours(), Method::OPTIONS, ALLOWED);
    let (floor, _) = allocations(&floor(), Method::OPTIONS, ALLOWED);
    assert_eq!(status, StatusCode::NO_CONTENT);
    eprintln!("allocations per preflight: ours {ours}, a plain OPTIONS handler {floor}");
    assert!(
        ours <= floor,
        "ours {ours} allocations, a plain OPTIONS handler {floor}"
    );
}

/// tower-http's `CorsLayer` with the same 10 origins on the same plain
/// routes: what a user would write instead of `LAYER_10.layer()`.
fn tower_layer() -> MethodRouter {
    tower(10)
}

#[test]
fn a_layer_allocates_no_more_than_tower_http() {
    for (method, origin, status) in [
        (Method::GET, ALLOWED, StatusCode::OK),
        (Method::GET, REFUSED, StatusCode::OK),
        (Method::OPTIONS, ALLOWED, StatusCode::NO_CONTENT),
    ] {
        let (ours, ours_status) = allocations(&ours_layer(), method.clone(), origin);
        let (tower, _) = allocations(&tower_layer(), method.clone(), origin);
        assert_eq!(ours_status, status);
        eprintln!(
            "allocations under a layer, {method} from {origin}: ours {ours}, tower-http {tower}"
        );
        assert!(ours <= tower, "ours {ours} allocations, tower-http {tower}");
    }
}

#[test]
fn the_counter_counts() {
    let before = ALLOCATIONS.with(Cell::get);
    let boxed = std::hint::black_box(Box::new(7_u64));
    assert!(ALLOCATIONS.with(Cell::get) > before);
    drop(boxed);
}

/// Cross-origin request protection on: an allowed cross-site POST.
#[handler_cors::cors(origins = ["https://site0.example", "https://site1.example"], methods = [GET, POST], credentials, csrf)]
async fn protected() -> &'static str {
    "ok"
}

/// Allocations while `router` answers a cross-site POST from `origin`.
fn cross_site_post_allocations(router: &MethodRouter, origin: &'static str) -> (usize, StatusCode) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut last = (0, StatusCode::OK);
    for _ in 0..5 {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/")
            .header(header::HOST, HeaderValue::from_static("api.site0.example"))
            .header(header::ORIGIN, HeaderValue::from_static(origin))
            .header("sec-fetch-site", HeaderValue::from_static("cross-site"))
            .body(Body::empty())
            .unwrap();
        let router = router.clone();
        let before = ALLOCATIONS.with(Cell::get);
        let response = runtime.block_on(router.oneshot(request)).unwrap();
        let after = ALLOCATIONS.with(Cell::get);
        last = (after - before, response.status());
        drop(response);
    }
    last
}

#[test]
fn csrf_check_on_an_allowed_post_allocates_like_no_cors() {
    let (ours, status) =
        cross_site_post_allocations(&handler_cors::route!(post(protected)), ALLOWED);
    let (floor, _) = cross_site_post_allocations(&axum::routing::post(plain), ALLOWED);
    assert_eq!(status, StatusCode::OK);
    eprintln!("allocations per cross-site POST with csrf: ours {ours}, no CORS {floor}");
    assert!(ours <= floor, "ours {ours} allocations, no CORS {floor}");
}

#[test]
fn csrf_refusal_allocates_no_more_than_the_handler_would() {
    let (ours, status) =
        cross_site_post_allocations(&handler_cors::route!(post(protected)), REFUSED);
    let (floor, _) = cross_site_post_allocations(&axum::routing::post(plain), REFUSED);
    assert_eq!(status, StatusCode::FORBIDDEN);
    eprintln!("allocations per refused cross-site POST: ours {ours}, no CORS {floor}");
    assert!(ours <= floor, "ours {ours} allocations, no CORS {floor}");
}
