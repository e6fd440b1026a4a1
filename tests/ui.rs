//! Compile-time checks of `#[cors(...)]`: every rule has a failing case with a committed `.stderr`; the seed configurations users bring must compile.
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
