use handler_cors::cors;

trait Api {
    fn version() -> u8;
}

struct View;

#[cors(origins = ["https://myapp.com"])]
impl Api for View {
    fn version() -> u8 {
        1
    }
}

fn main() {}
