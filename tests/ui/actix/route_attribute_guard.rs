// `guard` on an actix-web route under #[cors] is refused with a hint.
use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
#[actix_web::get("/feed", guard = "Get")]
async fn feed() -> &'static str {
    "feed"
}

fn main() {
    let _ = actix_web::App::new().service(feed);
}
