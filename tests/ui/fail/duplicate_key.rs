use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], methods = [POST])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
