//! origins = any with private_network lets every website reach the private network.
use handler_cors::cors;

#[cors(origins = any, private_network = true)]
async fn handler() -> &'static str {
    "[]"
}

fn main() {}
