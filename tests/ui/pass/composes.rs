//! The rewritten handlers keep docs, attributes, visibility, argument
//! patterns, `?` and every return form, and still route.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use handler_cors::cors;

#[derive(Clone)]
struct Db;

impl Db {
    fn limit(&self) -> u32 {
        100
    }
}

fn check_range(a: u32, b: u32, limit: u32) -> Result<(), (StatusCode, String)> {
    if a > b || b > limit {
        return Err((StatusCode::BAD_REQUEST, format!("bad range {a}..{b}")));
    }
    Ok(())
}

/// The numbers from `a` to `b`. (This doc comment survives the rewrite.)
#[cors(origins = ["https://myapp.com"], methods = [GET])]
#[allow(clippy::unused_async)]
pub async fn range(
    State(db): State<Db>,
    Path((a, b)): Path<(u32, u32)>,
) -> Result<Json<Vec<u32>>, (StatusCode, String)> {
    check_range(a, b, db.limit())?;
    Ok(Json((a..=b).collect()))
}

#[cors(origins = any, methods = [GET])]
#[axum::debug_handler]
async fn limit(State(db): State<Db>) -> impl IntoResponse {
    db.limit().to_string()
}

#[cors(origins = any)]
async fn ping() {}

mod api {
    use handler_cors::cors;

    #[cors(origins = ["https://myapp.com"], methods = [POST])]
    pub(crate) async fn echo(body: String) -> String {
        body
    }
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/range/{a}/{b}", handler_cors::route!(get(range)))
        .route("/limit", handler_cors::route!(get(limit)))
        .route("/ping", handler_cors::route!(get(ping)))
        .route("/echo", handler_cors::route!(post(api::echo)))
        .with_state(Db);
}
