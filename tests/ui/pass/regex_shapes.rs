//! Regexes that name their own domain compile, with credentials: extended
//! patterns with comments (each keeps its own flags), optional groups,
//! ports, alternatives, exact names under a platform, loopback.
use handler_cors::cors;

#[cors(
    origins = [
        regex(r"(?x) ^https://[a-z0-9-]+ \.preview\.myapp\.com$  # previews"),
        regex(r"(?x) ^https://(www\.)?myapp\.com (:\d+)? $  # site, any port"),
        regex(r"^https://(?:alpha|beta)\.myproject\.vercel\.app$"),
        regex(r"^https://myproject\.vercel\.app$"),
        regex(r"^http://localhost:\d+$"),
        regex(r"(?i)^https://[a-z]+\.myapp\.com$"),
    ],
    methods = [GET],
    credentials = true,
)]
async fn posts() -> &'static str {
    "[]"
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/posts", axum::routing::get(posts).options(posts::preflight));
}
