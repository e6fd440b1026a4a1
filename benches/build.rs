//! Writes the benchmark policies: the same policy with 1 to 10,000 exact
//! origins, as `#[cors]` handlers (the attribute needs literal origins, so
//! they are generated rather than committed).

use std::fmt::Write;

/// The origin counts measured.
const COUNTS: &[usize] = &[1, 10, 100, 1_000, 10_000];

fn main() {
    let mut code = String::new();
    writeln!(code, "/// The origin counts with a generated handler.").unwrap();
    writeln!(code, "pub const COUNTS: &[usize] = &{COUNTS:?};").unwrap();
    for &count in COUNTS {
        let origins: Vec<String> = (0..count)
            .map(|i| format!("\"https://site{i}.example\""))
            .collect();
        writeln!(
            code,
            "/// The benchmark policy with {count} exact origins.\n\
             #[handler_cors::cors(origins = [{}], methods = [GET, POST, PUT], headers = [\"authorization\", \"content-type\"], credentials, max_age = 600)]\n\
             pub async fn exact_{count}() -> &'static str {{ \"ok\" }}",
            origins.join(", ")
        )
        .unwrap();
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/policies.rs"), code).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=build.rs");
}
