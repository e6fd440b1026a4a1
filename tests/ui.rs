//! Compile-time checks of `#[cors(...)]`: every rule has a failing case with a committed `.stderr`; the seed configurations users bring must compile.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
    // `#[cors]` above actix-web's route attributes, and `resource!`.
    #[cfg(feature = "actix-web")]
    t.compile_fail("tests/ui/actix/*.rs");
}
