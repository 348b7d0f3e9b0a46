//! The `kundenwert` command line (`cargo install --path .`; `kundenwert --help`). All of it is
//! in the library's `cli` module, so that it uses the crate's internals without making them
//! public API. Native only: on the web, `npx kundenwert` runs js/cli.mjs over the wasm build.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    kundenwert::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
