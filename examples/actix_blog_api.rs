//! The blog API of `examples/blog_api.rs`, on actix-web: the same policies,
//! the same answers.
//!
//! Start it with `cargo run --example actix_blog_api --features actix-web`;
//! it listens on `http://127.0.0.1:8000` and keeps its data in memory.
//!
//! * `/api/posts` is for the blog's own front ends only, with cookies
//!   (`GET` lists, `POST` adds; both under the named policy `APP`).
//! * `/api/feed` is public (`*`), registered with `.service(public_feed)`:
//!   `#[cors]` above `#[get]` answers its preflights with nothing else.
//! * `/api/preview` admits every subdomain of `myapp.com`.
//! * `/api/comments`: anyone may read, only `https://myapp.com` may post;
//!   `resource!` answers each preflight with the policy of the handler that
//!   serves the requested method.
//!
//! A malformed JSON body is refused by `web::Json` with a 400 that still
//! carries the handler's CORS headers, so the page can read why.

use std::sync::Mutex;

use actix_web::{App, HttpResponse, HttpServer, Responder, get, web};
use handler_cors::{cors, resource};
use serde::{Deserialize, Serialize};

/// The whole database: the posts and their comments, behind one lock.
type Db = web::Data<Mutex<Vec<Post>>>;

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

#[derive(Deserialize)]
struct NewPost {
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct NewComment {
    post_id: u64,
    text: String,
}

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

/// A lock another request panicked under: answer 500 rather than panic.
fn unavailable() -> HttpResponse {
    HttpResponse::InternalServerError().body("the in-memory database is unavailable")
}

/// Every post; the count goes in `x-total-count`.
#[cors(policy = APP)]
async fn list_posts(db: Db) -> HttpResponse {
    let Ok(posts) = db.lock() else {
        return unavailable();
    };
    HttpResponse::Ok()
        .insert_header(("x-total-count", posts.len().to_string()))
        .json(&*posts)
}

/// Adds a post. A bad body is answered by `web::Json` itself, with CORS
/// headers.
#[cors(policy = APP)]
async fn create_post(db: Db, web::Json(new_post): web::Json<NewPost>) -> HttpResponse {
    let Ok(mut posts) = db.lock() else {
        return unavailable();
    };
    let id = posts.iter().map(|post| post.id).max().unwrap_or(0) + 1;
    let post = Post {
        id,
        title: new_post.title,
        body: new_post.body,
        comments: Vec::new(),
    };
    posts.push(post.clone());
    HttpResponse::Created().json(post)
}

/// The titles, for any website to show: no cookies, answered with `*`.
#[cors(origins = any, methods = [GET])]
#[get("/api/feed")]
async fn public_feed(db: Db) -> HttpResponse {
    let Ok(posts) = db.lock() else {
        return unavailable();
    };
    let titles: Vec<&str> = posts.iter().map(|post| post.title.as_str()).collect();
    HttpResponse::Ok().json(titles)
}

/// The newest post, for preview deployments and other subdomains.
#[cors(
    origins = ["https://*.myapp.com", regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")],
    methods = [GET],
)]
async fn preview(db: Db) -> HttpResponse {
    let Ok(posts) = db.lock() else {
        return unavailable();
    };
    HttpResponse::Ok().json(posts.last())
}

/// Every comment, readable by any website.
#[cors(origins = any, methods = [GET])]
async fn list_comments(db: Db) -> HttpResponse {
    let Ok(posts) = db.lock() else {
        return unavailable();
    };
    let comments: Vec<&Comment> = posts.iter().flat_map(|post| &post.comments).collect();
    HttpResponse::Ok().json(comments)
}

/// Adds a comment: only the blog itself, with the user's cookies.
#[cors(origins = ["https://myapp.com"], methods = [POST], headers = ["content-type"], credentials)]
async fn create_comment(db: Db, web::Json(new): web::Json<NewComment>) -> impl Responder {
    let Ok(mut posts) = db.lock() else {
        return unavailable();
    };
    let Some(post) = posts.iter_mut().find(|post| post.id == new.post_id) else {
        return HttpResponse::NotFound().body(format!("there is no post {}", new.post_id));
    };
    let comment = Comment {
        post_id: post.id,
        text: new.text,
    };
    post.comments.push(comment.clone());
    HttpResponse::Created().json(comment)
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

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let db: Db = web::Data::new(Mutex::new(seed()));
    println!("actix_blog_api listening on http://127.0.0.1:8000");
    println!("try: curl -i http://127.0.0.1:8000/api/posts -H 'Origin: https://myapp.com'");
    HttpServer::new(move || {
        App::new()
            .app_data(db.clone())
            .service(resource!("/api/posts", get(list_posts).post(create_post)))
            .service(public_feed)
            .service(resource!("/api/preview", get(preview)))
            .service(resource!(
                "/api/comments",
                get(list_comments).post(create_comment)
            ))
    })
    .bind(("127.0.0.1", 8000))?
    .run()
    .await
}
