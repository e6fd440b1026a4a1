//! The CORS map of an application: every annotated handler, view function
//! and named policy of this test program, printed as a table and pinned
//! here, as a security review would pin it.
#![cfg(feature = "map")]

use axum::Router;
use handler_cors::{EntryKind, PolicyOrigin, cors, policy, route};

policy!(pub APP_DEFAULT, origins = ["https://myapp.com"], methods = [GET, POST], credentials, csrf);

fn is_tenant(origin: &str) -> bool {
    origin.ends_with(".tenants.example")
}

#[cors(
    origins = ["https://myapp.com", "https://*.myapp.com", regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")],
    methods = [GET, POST],
    headers = ["authorization", "content-type"],
    credentials,
    csrf,
)]
async fn list_posts() -> &'static str {
    "[]"
}

#[cors(origins = any, methods = [GET])]
async fn public_feed() -> &'static str {
    "[]"
}

#[cors(origins = [env("INVENTORY_TEST_ORIGINS", default = ["http://localhost:3000"]), with(is_tenant)], headers = any)]
async fn tenant_api() -> &'static str {
    "{}"
}

#[cors(policy = APP_DEFAULT)]
async fn account() -> &'static str {
    "me"
}

struct CommentsView;

#[cors(origins = ["https://myapp.com"], methods = [GET, DELETE])]
impl CommentsView {
    async fn list() -> &'static str {
        "[]"
    }

    #[cors(policy = APP_DEFAULT)]
    async fn create(body: String) -> String {
        body
    }
}

mod admin {
    use handler_cors::cors;

    #[cors(origins = ["https://admin.myapp.com"], methods = [DELETE], credentials, csrf)]
    pub async fn purge() -> &'static str {
        "done"
    }
}

const EXPECTED: &str = r#"CORS map: 7 handlers, 1 named policy

handler               policy             methods          credentials  csrf  headers                      origins
CommentsView::create  APP_DEFAULT        GET, POST        yes          yes   -                            https://myapp.com
CommentsView::list    view CommentsView  GET, DELETE      no           no    -                            https://myapp.com
account               APP_DEFAULT        GET, POST        yes          yes   -                            https://myapp.com
list_posts            own                GET, POST        yes          yes   authorization, content-type  https://myapp.com
                                                                                                          https://*.myapp.com
                                                                                                          regex(r"^https://[a-z0-9-]+\.preview\.myapp\.com$")
public_feed           own                GET              no           no    -                            any
tenant_api            own                GET, HEAD, POST  no           no    any                          env("INVENTORY_TEST_ORIGINS", default = ["http://localhost:3000"])
                                                                                                          with(is_tenant)
admin::purge          own                DELETE           yes          yes   -                            https://admin.myapp.com

named policy  policy  methods    credentials  csrf  headers  origins
APP_DEFAULT   -       GET, POST  yes          yes   -        https://myapp.com
"#;

#[test]
fn the_map_of_this_program_is_pinned() {
    // Every item is mounted, as in a real app (the map does not depend on it).
    let _app: Router = Router::new()
        .route("/posts", route!(get(list_posts)))
        .route("/feed", route!(get(public_feed)))
        .route("/tenant", route!(get(tenant_api)))
        .route("/account", route!(get(account)))
        .route(
            "/comments",
            route!(get(CommentsView::list).post(CommentsView::create)),
        )
        .route("/admin/purge", route!(delete(admin::purge)))
        .layer(APP_DEFAULT.layer());

    let map = handler_cors::inventory();
    println!("{map}");
    assert_eq!(map.to_string(), EXPECTED);
}

#[test]
fn entries_can_be_inspected() {
    let map = handler_cors::inventory();
    let purge = map.get("admin::purge").expect("admin::purge is listed");
    assert_eq!(purge.kind(), EntryKind::Handler);
    assert_eq!(purge.name(), "purge");
    assert!(purge.policy().csrf() && purge.policy().credentials());

    let create = map
        .get("CommentsView::create")
        .expect("a view function is listed");
    assert_eq!(create.kind(), EntryKind::ViewFunction);
    assert_eq!(create.policy_origin(), PolicyOrigin::Named);
    assert_eq!(create.policy().handler(), "APP_DEFAULT");

    let list = map.get("CommentsView::list").expect("listed");
    assert_eq!(list.policy_origin(), PolicyOrigin::View);

    let named = map.get("APP_DEFAULT").expect("the named policy is listed");
    assert_eq!(named.kind(), EntryKind::NamedPolicy);

    // Credentialed routes without csrf, as a review would look for them.
    let unprotected: Vec<String> = map
        .entries()
        .iter()
        .filter(|entry| entry.policy().credentials() && !entry.policy().csrf())
        .map(|entry| entry.path())
        .collect();
    assert!(unprotected.is_empty(), "{unprotected:?}");
}
