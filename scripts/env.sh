# Sourced by scripts/kw and scripts/setup: where kundenwert's build tools live and which
# Rust toolchain builds wasm. Prints nothing; changes nothing on disk.

KW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools built from crates.io (wasm-bindgen-cli, wasm-pack) go here, not into ~/.cargo/bin,
# so a user's own versions are never replaced. Kept outside the checkout so clones share it.
KW_TOOLS=${KUNDENWERT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/kundenwert}
export KW_ROOT KW_TOOLS
export PATH="$KW_TOOLS/bin:$KW_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# True when `rustc` (with the current RUSTUP_TOOLCHAIN) has a wasm32 standard library.
kw_has_wasm_std() {
  local dir
  dir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null) || return 1
  compgen -G "$dir/libstd-*.rlib" >/dev/null
}

# Prefer the user's own toolchain when it can build wasm; else the Debian toolchain that
# scripts/setup links as `debian-web` (see ../shared/TOOLCHAIN.md route in scripts/setup).
if [ -z "${RUSTUP_TOOLCHAIN:-}" ] && ! kw_has_wasm_std; then
  if rustup toolchain list 2>/dev/null | grep -q '^debian-web'; then
    export RUSTUP_TOOLCHAIN=debian-web
  fi
fi
