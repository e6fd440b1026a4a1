use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET], expose_headers = ["set-cookie"])]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
