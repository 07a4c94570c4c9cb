//! The macros through the compiler: `ui/pass/*.rs` must build and run, `ui/fail/*.rs` must fail
//! with the errors in the `.stderr` beside each (write them with `TRYBUILD=overwrite cargo test
//! -p roast-embed --test ui`, never by hand).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
