//! A fixed number of requests to one actix-web service, for an instruction
//! counter: `valgrind --tool=callgrind target/release/actix_probe 2000
//! preflight ours` (or `actual`, and `actix-cors` or `floor`). Instruction
//! counts are steady where criterion's actix rows swing by ±50-150 ns
//! between runs; BENCHMARKS.md has the counts and the command.
//!
//! `cargo build --release -p handler-cors-bench --bin actix_probe`

use actix_web::{App, test, web};
use handler_cors::resource;
use handler_cors_bench::{ALLOWED, actix, exact_10, plain};

/// Sends `$n` requests of one kind to `$service`, then prints the last
/// status, so a misconfigured side cannot pass unseen.
macro_rules! run {
    ($system:expr, $service:expr, $n:expr, $preflight:expr) => {{
        let service = $service;
        let mut last = None;
        for _ in 0..$n {
            let request = actix::request(ALLOWED, $preflight).to_request();
            let status =
                $system.block_on(async { test::call_service(&service, request).await.status() });
            last = Some(std::hint::black_box(status));
        }
        eprintln!("last status: {last:?}");
    }};
}

/// The benchmarks' resource without CORS.
fn plain_resource() -> actix_web::Resource {
    web::resource("/")
        .route(web::get().to(plain))
        .route(web::post().to(plain))
        .route(web::put().to(plain))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let preflight = args.next().as_deref() == Some("preflight");
    let side = args.next().unwrap_or_default();
    let system = actix_web::rt::System::new();
    match side.as_str() {
        "actix-cors" => {
            let app = App::new().service(plain_resource().wrap(actix::actix_cors(10)));
            run!(
                system,
                system.block_on(test::init_service(app)),
                n,
                preflight
            );
        }
        "floor" => {
            let app = App::new().service(plain_resource());
            run!(
                system,
                system.block_on(test::init_service(app)),
                n,
                preflight
            );
        }
        _ => {
            let app =
                App::new().service(resource!("/", get(exact_10).post(exact_10).put(exact_10)));
            run!(
                system,
                system.block_on(test::init_service(app)),
                n,
                preflight
            );
        }
    }
}
