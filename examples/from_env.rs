//! Origins from the environment: one binary for dev, staging and production.
//!
//! ```sh
//! # development: the default list applies
//! cargo run --example from_env
//! # production
//! CORS_ALLOWED_ORIGINS="https://myapp.com,https://www.myapp.com" cargo run --example from_env
//! # a mistake: the server refuses to start and says why
//! CORS_ALLOWED_ORIGINS="https://myapp.com/,null" cargo run --example from_env
//! ```
//!
//! Each entry is checked with the rules the attribute applies to literals.
//! An invalid variable makes its policy allow no origin at all (it fails
//! closed); `check_environment` lists every problem before the server binds.

use axum::{Json, Router};
use handler_cors::{check_environment, cors};

/// The app's own origins: from `CORS_ALLOWED_ORIGINS`, or local dev servers
/// when it is unset. Credentials make `http://` entries other than loopback
/// an error.
#[cors(
    origins = [env("CORS_ALLOWED_ORIGINS", default = ["http://localhost:3000", "http://localhost:5173"])],
    methods = [GET, POST],
    headers = ["authorization", "content-type"],
    credentials,
    max_age = 600,
)]
async fn account() -> Json<&'static str> {
    Json("signed-in user")
}

/// Partner sites, listed per deployment; none when unset.
#[cors(origins = [env("CORS_PARTNER_ORIGINS")], methods = [GET])]
async fn catalog() -> Json<Vec<&'static str>> {
    Json(vec!["widget", "gadget"])
}

#[tokio::main]
async fn main() {
    if let Err(report) = check_environment() {
        eprintln!("refusing to start:\n{report}");
        std::process::exit(1);
    }
    let app = Router::new()
        .route(
            "/api/account",
            handler_cors::route!(get(account).post(account)),
        )
        .route("/api/catalog", handler_cors::route!(get(catalog)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8001")
        .await
        .unwrap();
    println!("from_env listening on http://127.0.0.1:8001");
    axum::serve(listener, app).await.unwrap();
}
