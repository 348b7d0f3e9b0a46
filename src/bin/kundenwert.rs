//! The `kundenwert` command line (`cargo install --path .`; `kundenwert --help`). All of it is
//! in the library's `cli` module, so that it uses the crate's internals without making them
//! public API.
fn main() -> std::process::ExitCode {
    kundenwert::cli::main()
}
