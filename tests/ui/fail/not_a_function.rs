use handler_cors::cors;

#[cors(origins = ["https://myapp.com"], methods = [GET])]
struct Posts;

fn main() {}
