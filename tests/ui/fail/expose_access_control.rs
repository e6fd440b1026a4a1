use handler_cors::cors;

#[cors(
    origins = ["https://myapp.com"],
    methods = [GET],
    expose_headers = ["x-total-count", "access-control-allow-origin"],
)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
