// `#[route]` names its methods; without one there is nothing to serve.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"])]
#[actix_web::route("/feed")]
async fn feed() -> &'static str {
    "feed"
}

fn main() {
    let _ = actix_web::App::new().service(feed);
}
