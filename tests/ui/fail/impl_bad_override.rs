use handler_cors::cors;

struct View;

#[cors(origins = ["https://myapp.com"])]
impl View {
    async fn list() -> &'static str {
        "[]"
    }

    #[cors(origins = ["https://admin.myapp.com/"], methods = [post])]
    async fn create() -> &'static str {
        "created"
    }
}

fn main() {
    let _app: axum::Router = axum::Router::new().route(
        "/",
        handler_cors::route!(get(View::list)),
    );
}
