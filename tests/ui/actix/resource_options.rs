// `resource!` answers OPTIONS itself; a handler without a policy in it
// cannot say how its preflights are answered.
use handler_cors::{cors, resource};

#[cors(origins = ["https://myapp.com"])]
async fn list() -> &'static str {
    "list"
}

async fn unannotated() -> &'static str {
    "plain"
}

fn main() {
    let _ = resource!("/a", get(list).options(list));
    let _ = resource!("/b", get(list).post(unannotated));
}
