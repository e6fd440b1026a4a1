//! With credentials, a regex whose host can be any domain is origins = any with credentials.
use handler_cors::cors;

#[cors(origins = [regex(r"^https://.*$")], methods = [GET], credentials = true)]
async fn dot_star() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://[^/]+$")], methods = [GET], credentials = true)]
async fn not_slash() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://\w+(\.\w+)*$")], methods = [GET], credentials = true)]
async fn labels() -> &'static str {
    "[]"
}

#[cors(origins = [regex(r"^https://[a-z]+\.myapp\.com.*$")], methods = [GET], credentials = true)]
async fn open_end() -> &'static str {
    "[]"
}

fn main() {}
