//! The actix-web rows: the same policy served by our attribute (through
//! `resource!`), by actix-cors's `Cors` middleware on the same resource,
//! and with no CORS (the floor), in the same run. Each iteration sends one
//! request to an initialised service on actix's own single-thread runtime.
//!
//! `cargo bench -p handler-cors-bench --bench actix`; see BENCHMARKS.md.

use std::hint::black_box;

use actix_web::{App, test, web};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use handler_cors::resource;
use handler_cors_bench::actix::{self, actix_cors};
use handler_cors_bench::{ALLOWED, REFUSED, exact_10, exact_1000, plain};

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

    fn request(self) -> test::TestRequest {
        match self {
            Case::AllowedActual => actix::request(ALLOWED, false),
            Case::RefusedActual => actix::request(REFUSED, false),
            Case::AllowedPreflight => actix::request(ALLOWED, true),
            Case::RefusedPreflight => actix::request(REFUSED, true),
        }
    }
}

/// Times one case on one service.
macro_rules! bench_service {
    ($group:expr, $system:expr, $label:expr, $id:expr, $case:expr, $app:expr) => {{
        let service = $system.block_on(test::init_service($app));
        $group.bench_with_input(BenchmarkId::new($label, $id), &$id, |b, _| {
            b.iter(|| {
                let request = $case.request().to_request();
                $system.block_on(async {
                    black_box(test::call_service(&service, request).await.status())
                })
            })
        });
    }};
}

fn service_level(c: &mut Criterion) {
    let system = actix_web::rt::System::new();
    for case in Case::ALL {
        let mut group = c.benchmark_group(format!("actix/{}", case.name()));
        bench_service!(
            group,
            system,
            "ours",
            10,
            case,
            App::new().service(resource!("/", get(exact_10).post(exact_10).put(exact_10)))
        );
        bench_service!(
            group,
            system,
            "ours",
            1000,
            case,
            App::new().service(resource!(
                "/",
                get(exact_1000).post(exact_1000).put(exact_1000)
            ))
        );
        for count in [10, 1000] {
            bench_service!(
                group,
                system,
                "actix-cors",
                count,
                case,
                App::new().service(
                    web::resource("/")
                        .wrap(actix_cors(count))
                        .route(web::get().to(plain))
                        .route(web::post().to(plain))
                        .route(web::put().to(plain)),
                )
            );
        }
        bench_service!(
            group,
            system,
            "no-cors",
            10,
            case,
            App::new().service(
                web::resource("/")
                    .route(web::get().to(plain))
                    .route(web::post().to(plain))
                    .route(web::put().to(plain)),
            )
        );
        group.finish();
    }
}

criterion_group!(benches, service_level);
criterion_main!(benches);
