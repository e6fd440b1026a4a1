//! An optional part that runs straight into the domain matches https://evilmyapp.com.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://(\w+)?myapp\.com$")], methods = [GET])]
async fn optional() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://(?:[a-z]+|x)myapp\.com$")], methods = [GET])]
async fn alternation() -> &'static str {
    "[]"
}

fn main() {}
