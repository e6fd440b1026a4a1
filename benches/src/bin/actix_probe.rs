//! A fixed number of requests to one actix-web service, for an instruction
//! counter: `valgrind --tool=callgrind target/release/actix_probe 2000
//! preflight ours` (or `actual`, and `actix-cors` or `floor`). Instruction
//! counts are steady where criterion's actix rows swing by ±50 ns between
//! runs; BENCHMARKS.md has the counts and the command.
//!
//! `cargo build --release -p handler-cors-bench --bin actix_probe`
use actix_web::http::{Method, header};
use actix_web::{App, test, web};
use handler_cors::resource;
use handler_cors_bench::{ALLOWED, exact_10, plain};

macro_rules! run {
    ($system:expr, $service:expr, $n:expr, $preflight:expr) => {{
        let service = $service;
        let mut last = None;
        for _ in 0..$n {
            let request = if $preflight {
                test::TestRequest::default()
                    .method(Method::OPTIONS)
                    .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"))
                    .insert_header((
                        header::ACCESS_CONTROL_REQUEST_HEADERS,
                        "authorization,content-type",
                    ))
            } else {
                test::TestRequest::get()
            };
            let request = request
                .uri("/")
                .insert_header((header::ORIGIN, ALLOWED))
                .to_request();
            let status =
                $system.block_on(async { test::call_service(&service, request).await.status() });
            last = Some(std::hint::black_box(status));
        }
        // What the requests got, so a misconfigured side cannot pass unseen.
        eprintln!("last status: {last:?}");
    }};
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(10000);
    let preflight = std::env::args().nth(2).as_deref() == Some("preflight");
    let side = std::env::args().nth(3).unwrap_or_default();
    let system = actix_web::rt::System::new();
    match side.as_str() {
        "actix-cors" => {
            let mut cors = actix_cors::Cors::default()
                .allowed_methods([Method::GET, Method::POST, Method::PUT])
                .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .supports_credentials()
                .max_age(600);
            for i in 0..10 {
                cors = cors.allowed_origin(&format!("https://site{i}.example"));
            }
            let app = App::new().service(
                web::resource("/")
                    .wrap(cors)
                    .route(web::get().to(plain))
                    .route(web::post().to(plain))
                    .route(web::put().to(plain)),
            );
            let service = system.block_on(test::init_service(app));
            run!(system, service, n, preflight);
        }
        "floor" => {
            let app = App::new().service(
                web::resource("/")
                    .route(web::get().to(plain))
                    .route(web::post().to(plain))
                    .route(web::put().to(plain)),
            );
            let service = system.block_on(test::init_service(app));
            run!(system, service, n, preflight);
        }
        _ => {
            let app =
                App::new().service(resource!("/", get(exact_10).post(exact_10).put(exact_10)));
            let service = system.block_on(test::init_service(app));
            run!(system, service, n, preflight);
        }
    }
}
