use axum::{Router, routing::get};
use handler_cors::cors;

mod tenants {
    pub fn is_allowed(origin: &str) -> bool {
        origin.ends_with(".tenant.example")
    }

    pub async fn in_database(origin: &str) -> bool {
        origin == "https://db.example"
    }
}

use tenants::is_allowed;

#[cors(
    origins = [
        "https://myapp.com",
        env("CORS_ALLOWED_ORIGINS", default = ["http://localhost:3000"]),
        env("CORS_PARTNER_ORIGINS"),
        with(is_allowed),
        with(crate::tenants::is_allowed),
        with(async tenants::in_database),
    ],
    credentials,
)]
async fn mixed() -> &'static str {
    "[]"
}

// A permissive policy in debug builds only.
#[cfg_attr(debug_assertions, cors(origins = any, headers = any))]
#[cfg_attr(not(debug_assertions), cors(origins = ["https://myapp.com"]))]
async fn debug_only_open() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new()
        .route("/mixed", handler_cors::route!(get(mixed)))
        .route("/open", handler_cors::route!(get(debug_only_open)));
    let _ = handler_cors::check_environment();
}
