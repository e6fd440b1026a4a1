use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
fn handler() -> &'static str {
    "[]"
}

fn main() {}
