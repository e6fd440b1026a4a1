//! The end-to-end benchmark server: one route, served with no CORS, with
//! tower-http's `CorsLayer`, or with our attribute (10 exact origins, the
//! same policy each way). Driven by benches/e2e.sh.
//!
//! `e2e_server <none|static|tower|ours> <address>`
//!
//! `static` is the no-CORS route answering with the same three headers our
//! allowed answer carries, written as constants: what sending them costs
//! without any CORS logic.

use axum::Router;
use axum::http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, VARY};

/// The floor's answer plus, as constants, the headers of our allowed answer.
async fn same_headers() -> impl axum::response::IntoResponse {
    (
        [
            (ACCESS_CONTROL_ALLOW_ORIGIN, "https://site0.example"),
            (ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
            (VARY, "Origin"),
        ],
        "ok",
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "ours".to_owned());
    let address = args.next().unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let route = match mode.as_str() {
        "none" => handler_cors_bench::floor(),
        "static" => axum::routing::get(same_headers),
        "tower" => handler_cors_bench::tower(10),
        "ours" => handler_cors_bench::ours(10),
        other => {
            eprintln!("unknown mode {other}: use none, static, tower or ours");
            std::process::exit(2);
        }
    };
    let app = Router::new().route("/", route);
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .expect("address is free");
    axum::serve(listener, app).await.expect("server runs");
}
