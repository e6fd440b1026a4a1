use handler_cors::cors;

fn takes_a_string(origin: String) -> bool {
    origin.is_empty()
}

#[cors(origins = [with(is_tenant)])]
async fn missing() -> &'static str {
    "[]"
}

#[cors(origins = [with(takes_a_string)])]
async fn wrong_signature() -> &'static str {
    "[]"
}

fn main() {}
