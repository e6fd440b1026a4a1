use handler_cors::cors;

struct View;

#[cors(origins = ["https://myapp.com"])]
impl View {
    fn helper() -> u8 {
        1
    }

    async fn method(&self) -> u8 {
        2
    }
}

fn main() {
    let _ = View::helper();
}
