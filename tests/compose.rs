//! The attribute keeps what the user wrote and composes with other
//! attributes: the rewritten functions are still axum handlers.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use handler_cors::cors;
use tower::ServiceExt;

#[derive(Clone)]
struct Db {
    posts: Vec<&'static str>,
}

/// Lists posts. (This doc comment must survive the rewrite.)
#[cors(origins = ["https://myapp.com"], methods = [GET])]
#[allow(clippy::unused_async)]
pub async fn list_posts(State(db): State<Db>) -> Json<Vec<&'static str>> {
    Json(db.posts.clone())
}

#[cors(origins = ["https://myapp.com"], methods = [GET])]
pub(crate) async fn post_in_range(
    State(db): State<Db>,
    Path((from, to)): Path<(usize, usize)>,
) -> Result<Json<Vec<&'static str>>, (StatusCode, String)> {
    let slice = db
        .posts
        .get(from..to)
        .ok_or((StatusCode::NOT_FOUND, format!("no posts {from}..{to}")))?;
    if slice.is_empty() {
        return Err((StatusCode::NOT_FOUND, "empty".to_owned()));
    }
    Ok(Json(slice.to_vec()))
}

#[cors(origins = any, methods = [GET])]
#[axum::debug_handler]
async fn checked_by_debug_handler(State(db): State<Db>) -> impl IntoResponse {
    db.posts.len().to_string()
}

#[cors(origins = any, methods = [GET])]
#[tracing::instrument(skip_all)]
async fn instrumented() -> &'static str {
    "traced"
}

#[cors(origins = any, methods = [GET])]
#[tracing::instrument]
async fn instrumented_with_args(Path(id): Path<u32>) -> String {
    id.to_string()
}

#[tracing::instrument(skip_all)]
#[cors(origins = any, methods = [GET])]
async fn instrument_outside() -> &'static str {
    "outside"
}

#[cors(origins = any)]
async fn returns_nothing() {}

mod nested {
    use handler_cors::cors;

    #[cors(origins = ["https://myapp.com"])]
    pub async fn in_a_module() -> &'static str {
        "nested"
    }
}

fn app() -> Router {
    Router::new()
        .route("/posts", handler_cors::route!(get(list_posts)))
        .route(
            "/posts/{from}/{to}",
            handler_cors::route!(get(post_in_range)),
        )
        .route("/count", get(checked_by_debug_handler))
        .route("/traced", get(instrumented))
        .route("/traced/{id}", get(instrumented_with_args))
        .route("/outside", get(instrument_outside))
        .route("/nothing", get(returns_nothing))
        .route("/nested", handler_cors::route!(get(nested::in_a_module)))
        .with_state(Db {
            posts: vec!["a", "b", "c"],
        })
}

async fn call(uri: &str) -> (StatusCode, Option<String>, String) {
    let request = Request::get(uri)
        .header("origin", "https://myapp.com")
        .body(Body::empty())
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let origin = response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    (status, origin, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn state_and_tuple_patterns_keep_working() {
    assert_eq!(
        call("/posts").await,
        (
            StatusCode::OK,
            Some("https://myapp.com".into()),
            r#"["a","b","c"]"#.into()
        )
    );
    assert_eq!(
        call("/posts/1/3").await,
        (
            StatusCode::OK,
            Some("https://myapp.com".into()),
            r#"["b","c"]"#.into()
        )
    );
}

#[tokio::test]
async fn early_returns_and_question_marks_get_cors_headers_too() {
    let (status, origin, body) = call("/posts/2/9").await;
    assert_eq!(
        (status, origin.as_deref(), body.as_str()),
        (
            StatusCode::NOT_FOUND,
            Some("https://myapp.com"),
            "no posts 2..9"
        )
    );
    let (status, origin, body) = call("/posts/1/1").await;
    assert_eq!(
        (status, origin.as_deref(), body.as_str()),
        (StatusCode::NOT_FOUND, Some("https://myapp.com"), "empty")
    );
}

#[tokio::test]
async fn works_with_debug_handler_and_tracing() {
    assert_eq!(
        call("/count").await,
        (StatusCode::OK, Some("*".into()), "3".into())
    );
    assert_eq!(
        call("/traced").await,
        (StatusCode::OK, Some("*".into()), "traced".into())
    );
    assert_eq!(
        call("/traced/7").await,
        (StatusCode::OK, Some("*".into()), "7".into())
    );
    assert_eq!(
        call("/outside").await,
        (StatusCode::OK, Some("*".into()), "outside".into())
    );
    assert_eq!(
        call("/nothing").await,
        (StatusCode::OK, Some("*".into()), String::new())
    );
    assert_eq!(
        call("/nested").await,
        (
            StatusCode::OK,
            Some("https://myapp.com".into()),
            "nested".into()
        )
    );
}
