//! Caps the linear memory of the calculators' (and the retention) wasm at 256 MB: no
//! calculator needs more than a few MB even at its largest input, and an absurd input (a list
//! of tens of millions of answers) then fails fast as `too_large` (js/shared/runtime.js starts a
//! fresh instance) instead of growing the page's memory by gigabytes. The analysis build
//! reads files of any size and keeps the default (4 GB).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let feature = |name: &str| std::env::var_os(format!("CARGO_FEATURE_{name}")).is_some();
    // Only for the npm builds (the `wasm` feature): a plain dependent's wasm is its own business.
    if wasm && feature("WASM") && !feature("ANALYSIS") {
        println!("cargo:rustc-cdylib-link-arg=--max-memory={}", 256 * 1024 * 1024);
    }
}
