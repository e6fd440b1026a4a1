//! A small blog API where every route carries its own CORS policy.
//!
//! Start it with `cargo run --example blog_api`; it listens on
//! `http://127.0.0.1:8000` and keeps its data in memory.
//!
//! * `/api/posts` is for the blog's own front ends only: `https://myapp.com`
//!   in production and the dev server on `http://localhost:3000`. Pages may
//!   send cookies (`credentials = true`), may read the `x-total-count`
//!   response header, and browsers may reuse a preflight for ten minutes.
//!   `GET` lists the posts, `POST` adds one; both handlers carry the same
//!   policy.
//! * `/api/feed` is public: any site may read it, without cookies, so the
//!   answer is `Access-Control-Allow-Origin: *`.
//! * `/api/preview` admits every subdomain of `myapp.com`, written once as a
//!   wildcard and once as a regex.
//! * `/api/comments` has two handlers with two policies: anyone may read the
//!   comments, only `https://myapp.com` may post one (with cookies).
//!   `route!` answers the preflights of both, each with the policy of the
//!   handler that serves the method the browser asks about.
//!
//! The README's "Try it with curl" section lists requests to send to it.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router};
use handler_cors::cors;
use serde::{Deserialize, Serialize};

/// The whole database: the posts and their comments, behind one lock.
type Db = Arc<Mutex<Vec<Post>>>;

const POISONED: &str = "the in-memory database lock is poisoned";

#[derive(Clone, Serialize)]
struct Post {
    id: u64,
    title: String,
    body: String,
    comments: Vec<Comment>,
}

#[derive(Clone, Serialize)]
struct Comment {
    post_id: u64,
    text: String,
}

/// The JSON body of `POST /api/posts`.
#[derive(Deserialize)]
struct NewPost {
    title: String,
    body: String,
}

/// The JSON body of `POST /api/comments`.
#[derive(Deserialize)]
struct NewComment {
    post_id: u64,
    text: String,
}

// The app's own front-ends, with credentials: declared once, used by the
// two handlers of `/api/posts`.
handler_cors::policy!(
    /// The policy of `/api/posts`.
    APP,
    origins = ["https://myapp.com", "http://localhost:3000"],
    methods = [GET, POST],
    headers = ["authorization", "content-type", "x-csrftoken"],
    expose_headers = ["x-total-count"],
    credentials = true,
    max_age = 600,
);

/// Every post. The count goes in `x-total-count`, which `expose_headers`
/// lets the page's script read.
#[cors(policy = APP)]
async fn list_posts(State(db): State<Db>) -> impl IntoResponse {
    let posts = db.lock().expect(POISONED).clone();
    let total = posts.len().to_string();
    ([("x-total-count", total)], Json(posts))
}

/// Adds a post, with the same policy as `list_posts`.
///
/// The body is taken as `Result<Json<_>, JsonRejection>`: when the JSON is
/// bad, this handler builds the 4xx answer itself, so it still gets the CORS
/// headers and the page can read why it was refused. With a plain
/// `Json<NewPost>` argument axum would answer before the handler runs, without
/// CORS headers, and the browser would report a CORS error instead.
#[cors(policy = APP)]
async fn create_post(
    State(db): State<Db>,
    payload: Result<Json<NewPost>, JsonRejection>,
) -> Result<(StatusCode, Json<Post>), (StatusCode, String)> {
    let Json(new_post) = match payload {
        Ok(json) => json,
        Err(rejection) => return Err((rejection.status(), rejection.body_text())),
    };
    let mut posts = db.lock().expect(POISONED);
    let id = posts.iter().map(|post| post.id).max().unwrap_or(0) + 1;
    let post = Post {
        id,
        title: new_post.title,
        body: new_post.body,
        comments: Vec::new(),
    };
    posts.push(post.clone());
    Ok((StatusCode::CREATED, Json(post)))
}

/// The titles, for any website to show: no cookies, answered with `*`.
#[cors(origins = any, methods = [GET])]
async fn public_feed(State(db): State<Db>) -> Json<Vec<String>> {
    let titles: Vec<String> = db
        .lock()
        .expect(POISONED)
        .iter()
        .map(|post| post.title.clone())
        .collect();
    Json(titles)
}

/// The newest post, for preview deployments and other subdomains.
///
/// `*.` stands for one or more whole labels, so the wildcard alone already
/// admits `https://pr-12.preview.myapp.com`; the regex is here to show the
/// form. Reach for `regex(...)` when the allowed names follow a shape a
/// wildcard cannot say, and escape every dot of the host name (the attribute
/// refuses `preview.myapp` with a bare `.`).
#[cors(
    origins = ["https://*.myapp.com", regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")],
    methods = [GET],
)]
async fn preview(State(db): State<Db>) -> Json<Option<Post>> {
    let newest = db.lock().expect(POISONED).last().cloned();
    Json(newest)
}

/// Every comment, readable by any website.
#[cors(origins = any, methods = [GET])]
async fn list_comments(State(db): State<Db>) -> Json<Vec<Comment>> {
    let comments: Vec<Comment> = db
        .lock()
        .expect(POISONED)
        .iter()
        .flat_map(|post| post.comments.iter().cloned())
        .collect();
    Json(comments)
}

/// Adds a comment: only the blog itself, with the user's cookies.
///
/// `#[cors]` sits above `#[tracing::instrument]` so that the tracing span
/// wraps the handler as rewritten (see "Attribute order" in the README).
#[cors(
    origins = ["https://myapp.com"],
    methods = [POST],
    headers = ["content-type"],
    credentials = true,
)]
#[tracing::instrument(skip_all)]
async fn create_comment(
    State(db): State<Db>,
    payload: Result<Json<NewComment>, JsonRejection>,
) -> Result<(StatusCode, Json<Comment>), (StatusCode, String)> {
    let Json(new_comment) = match payload {
        Ok(json) => json,
        Err(rejection) => return Err((rejection.status(), rejection.body_text())),
    };
    let mut posts = db.lock().expect(POISONED);
    let Some(post) = posts.iter_mut().find(|post| post.id == new_comment.post_id) else {
        return Err((
            StatusCode::NOT_FOUND,
            format!("there is no post {}", new_comment.post_id),
        ));
    };
    let comment = Comment {
        post_id: post.id,
        text: new_comment.text,
    };
    post.comments.push(comment.clone());
    Ok((StatusCode::CREATED, Json(comment)))
}

fn seed() -> Vec<Post> {
    vec![
        Post {
            id: 1,
            title: "Per-handler CORS".to_owned(),
            body: "Each route says which sites may call it.".to_owned(),
            comments: vec![Comment {
                post_id: 1,
                text: "Checked before the server even starts.".to_owned(),
            }],
        },
        Post {
            id: 2,
            title: "Preflights, briefly".to_owned(),
            body: "Browsers ask with OPTIONS before a request that is not simple.".to_owned(),
            comments: Vec::new(),
        },
    ]
}

#[tokio::main]
async fn main() {
    let db: Db = Arc::new(Mutex::new(seed()));

    let app = Router::new()
        .route(
            "/api/posts",
            handler_cors::route!(get(list_posts).post(create_post)),
        )
        .route("/api/feed", handler_cors::route!(get(public_feed)))
        .route("/api/preview", handler_cors::route!(get(preview)))
        .route(
            "/api/comments",
            handler_cors::route!(get(list_comments).post(create_comment)),
        )
        .with_state(db);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:8000")
        .await
        .expect("cannot listen on 127.0.0.1:8000 (is another server using the port?)");
    println!("blog_api listening on http://127.0.0.1:8000");
    println!("try: curl -i http://127.0.0.1:8000/api/posts -H 'Origin: https://myapp.com'");
    axum::serve(listener, app)
        .await
        .expect("the server stopped with an error");
}
