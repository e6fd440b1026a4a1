use handler_cors::cors;

#[cors(
    origins = ["https://myapp.com/", "http://MyApp.com"],
    methods = [get, POST],
    headers = ["cookie"],
    max_age = 604800,
    allow_credentials = true,
)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
