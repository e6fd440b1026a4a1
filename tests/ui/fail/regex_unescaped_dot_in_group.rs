//! A bare dot inside an optional group admits https://evilmyapp.com; its neighbours in repetitions and alternations too.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://([a-z0-9-]+.)?myapp\.com$")], methods = [GET])]
async fn in_group() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://(\w+.)+myapp\.com$")], methods = [GET])]
async fn in_repetition() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://(www|api.v2)\.myapp\.com$")], methods = [GET])]
async fn in_alternation() -> &'static str {
    "[]"
}

fn main() {}
