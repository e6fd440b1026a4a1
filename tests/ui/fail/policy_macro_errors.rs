handler_cors::policy!(pub STRICT, origins = ["https://*.com"], max_age = 999999);

handler_cors::policy!(origins = any);

fn main() {
    let _layer = STRICT.layer();
}
