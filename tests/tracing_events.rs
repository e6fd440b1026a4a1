//! With the `tracing` feature, every CORS decision is one `debug` event that
//! names the handler, the origin, whether it was a preflight, and why a
//! request was refused. Captured here with a small in-test subscriber.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use handler_cors::cors;
use tower::ServiceExt;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[cors(origins = ["https://myapp.com"], methods = [GET, POST], headers = ["content-type"])]
async fn posts() -> &'static str {
    "posts"
}

/// One event's fields, as `(name, value)` pairs.
type Fields = Vec<(String, String)>;

/// Keeps every event.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Fields>>>);

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.push((field.name().to_owned(), value.to_string()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "handler_cors"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        assert_eq!(*event.metadata().level(), tracing::Level::DEBUG);
        let mut fields = Vec::new();
        event.record(&mut Visitor(&mut fields));
        self.0.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn field<'a>(event: &'a [(String, String)], name: &str) -> Option<&'a str> {
    event
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

async fn events_for(request: Request<Body>) -> Vec<Fields> {
    let recorder = Recorder::default();
    let app = Router::new().route(
        "/posts",
        handler_cors::route!(get(posts).post(posts).delete(posts)),
    );
    let dispatch = tracing::Dispatch::new(recorder.clone());
    let _guard = tracing::dispatcher::set_default(&dispatch);
    app.oneshot(request).await.unwrap();
    recorder.0.lock().unwrap().clone()
}

#[tokio::test]
async fn allowed_actual_request() {
    let events = events_for(
        Request::get("/posts")
            .header("origin", "https://myapp.com")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(field(event, "handler"), Some("posts"));
    assert_eq!(field(event, "origin"), Some("https://myapp.com"));
    assert_eq!(field(event, "preflight"), Some("false"));
    assert_eq!(field(event, "allowed"), Some("true"));
}

#[tokio::test]
async fn refused_origin_says_so() {
    let events = events_for(
        Request::get("/posts")
            .header("origin", "https://evil.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(events.len(), 1);
    assert_eq!(field(&events[0], "allowed"), Some("false"));
    assert_eq!(field(&events[0], "reason"), Some("origin not allowed"));
    assert_eq!(field(&events[0], "origin"), Some("https://evil.example"));
}

#[tokio::test]
async fn refused_preflight_names_the_method_or_header() {
    let request = Request::options("/posts")
        .header("origin", "https://myapp.com")
        .header("access-control-request-method", "DELETE")
        .body(Body::empty())
        .unwrap();
    let events = events_for(request).await;
    assert_eq!(events.len(), 1);
    assert_eq!(field(&events[0], "preflight"), Some("true"));
    assert_eq!(field(&events[0], "reason"), Some("method not allowed"));
    assert_eq!(
        field(&events[0], "detail"),
        Some("method DELETE not allowed (the policy allows GET, POST)")
    );

    // No handler on the route serves PUT: refused before any policy.
    let request = Request::options("/posts")
        .header("origin", "https://myapp.com")
        .header("access-control-request-method", "PUT")
        .body(Body::empty())
        .unwrap();
    let events = events_for(request).await;
    assert_eq!(events.len(), 1);
    assert_eq!(field(&events[0], "reason"), Some("method not allowed"));
    assert_eq!(
        field(&events[0], "detail"),
        Some("no handler on this route serves PUT")
    );

    let request = Request::options("/posts")
        .header("origin", "https://myapp.com")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-secret")
        .body(Body::empty())
        .unwrap();
    let events = events_for(request).await;
    assert_eq!(
        field(&events[0], "reason"),
        Some("request header not allowed")
    );
    assert_eq!(
        field(&events[0], "detail"),
        Some("header x-secret not allowed (add it to `headers`)")
    );
}

#[tokio::test]
async fn malformed_and_absent_origins() {
    let request = Request::get("/posts")
        .header("origin", "https://a.example")
        .header("origin", "https://b.example");
    let mut request = request.body(Body::empty()).unwrap();
    request
        .headers_mut()
        .append("origin", "https://c.example".parse().unwrap());
    let events = events_for(request).await;
    assert_eq!(field(&events[0], "reason"), Some("several Origin headers"));

    let events = events_for(Request::get("/posts").body(Body::empty()).unwrap()).await;
    assert_eq!(events.len(), 1);
    assert_eq!(field(&events[0], "preflight"), Some("false"));
    assert!(field(&events[0], "origin").is_none());
}

#[cors(origins = ["https://myapp.com"], methods = [POST], csrf)]
async fn protected() -> &'static str {
    "created"
}

#[tokio::test]
async fn csrf_refusal_is_an_event_with_reason_csrf() {
    let recorder = Recorder::default();
    let app = Router::new().route("/protected", handler_cors::route!(post(protected)));
    let dispatch = tracing::Dispatch::new(recorder.clone());
    let _guard = tracing::dispatcher::set_default(&dispatch);
    let request = Request::post("/protected")
        .header("host", "api.myapp.com")
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), axum::http::StatusCode::FORBIDDEN);
    let events = recorder.0.lock().unwrap().clone();
    let csrf = events
        .iter()
        .find(|event| field(event, "reason") == Some("csrf"))
        .unwrap_or_else(|| panic!("no event with reason csrf in {events:?}"));
    assert_eq!(field(csrf, "handler"), Some("protected"));
    assert_eq!(field(csrf, "origin"), Some("https://evil.example"));
    assert_eq!(field(csrf, "allowed"), Some("false"));
    assert!(
        field(csrf, "detail").is_some_and(|detail| detail.contains("Sec-Fetch-Site")),
        "{csrf:?}"
    );
}

/// The same events under actix-web: one per decision, from the same core.
#[cfg(feature = "actix-web")]
mod actix {
    use super::{Recorder, field, posts};
    use actix_web::{App, test};

    async fn events_for(request: test::TestRequest) -> Vec<super::Fields> {
        let recorder = Recorder::default();
        let dispatch = tracing::Dispatch::new(recorder.clone());
        let _guard = tracing::dispatcher::set_default(&dispatch);
        let app = test::init_service(App::new().service(handler_cors::resource!(
            "/posts",
            get(posts).post(posts).delete(posts)
        )))
        .await;
        let response = test::call_service(&app, request.to_request()).await;
        assert_ne!(response.status().as_u16(), 500);
        recorder.0.lock().unwrap().clone()
    }

    #[actix_web::test]
    async fn allowed_and_refused_actual_requests() {
        let events = events_for(
            test::TestRequest::get()
                .uri("/posts")
                .insert_header(("origin", "https://myapp.com")),
        )
        .await;
        assert_eq!(events.len(), 1);
        assert_eq!(field(&events[0], "handler"), Some("posts"));
        assert_eq!(field(&events[0], "allowed"), Some("true"));
        assert_eq!(field(&events[0], "preflight"), Some("false"));

        let events = events_for(
            test::TestRequest::get()
                .uri("/posts")
                .insert_header(("origin", "https://evil.example")),
        )
        .await;
        assert_eq!(events.len(), 1);
        assert_eq!(field(&events[0], "reason"), Some("origin not allowed"));
    }

    #[actix_web::test]
    async fn refused_preflights_say_why() {
        let events = events_for(
            test::TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/posts")
                .insert_header(("origin", "https://myapp.com"))
                .insert_header(("access-control-request-method", "PUT")),
        )
        .await;
        assert_eq!(events.len(), 1);
        assert_eq!(field(&events[0], "preflight"), Some("true"));
        assert_eq!(
            field(&events[0], "detail"),
            Some("no handler on this route serves PUT")
        );
        let events = events_for(
            test::TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/posts")
                .insert_header(("origin", "https://myapp.com"))
                .insert_header(("access-control-request-method", "POST"))
                .insert_header(("access-control-request-headers", "content-type,x-secret")),
        )
        .await;
        assert_eq!(
            field(&events[0], "detail"),
            Some("header x-secret not allowed (add it to `headers`)")
        );
    }
}
