# Shared set-up for the project's scripts: cache locations and the toolchain.
# Everything installed goes under $MONITOR_STUDIO_CACHE so reruns (and CI on the same
# machine) reuse it. Source this file; it defines functions and exports paths.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MONITOR_STUDIO_CACHE="${MONITOR_STUDIO_CACHE:-$HOME/.cache/monitor-studio}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$MONITOR_STUDIO_CACHE/target}"
TOOLS="$MONITOR_STUDIO_CACHE/tools"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export MONITOR_STUDIO_SITE_ROOT="${MONITOR_STUDIO_SITE_ROOT:-$CARGO_TARGET_DIR/site}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version the lockfile pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$REPO_ROOT/Cargo.lock"
}

# Debian packages the tests need (Chromium for browser tests, wrk for benchmarks, unzip
# for the OpenSearch node). Installed only when missing.
ensure_apt_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  fi
}

# The wasm target, wasm-bindgen-cli (exact version), wasm-split-cli (cuts the bundle at the
# lazy routes), wasm-opt (npm binaryen; Debian's older wasm-opt breaks the bundle) and
# esbuild (minifies the glue), plus playwright-core for browser tests.
ensure_build_tools() {
  rustup target list --installed | grep -q wasm32-unknown-unknown || { log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
  local want; want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --root "$TOOLS" --force
  fi
  if [ ! -x "$TOOLS/bin/wasm-split-cli" ]; then
    log "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary --root "$TOOLS" --force
  fi
  if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || [ ! -x "$TOOLS/node_modules/.bin/esbuild" ] || [ ! -d "$TOOLS/node_modules/playwright-core" ]; then
    log "installing binaryen, esbuild and playwright-core from npm"
    mkdir -p "$TOOLS"
    [ -f "$TOOLS/package.json" ] || (cd "$TOOLS" && npm init -y >/dev/null)
    (cd "$TOOLS" && npm install --no-audit --no-fund binaryen@132 esbuild@0.28 playwright-core@1.65 >/dev/null)
  fi
}

# The splitter Leptos' lazy routes are made for (the version cargo-leptos 0.3 uses).
WASM_SPLIT_VERSION=0.2.4
# The browser bundle's wasm-bindgen and wasm-opt flags. Optimizing until nothing changes
# (--converge) and dropping the producers and target-features sections, which no browser
# reads, take 3.7 kB off the drafts list's first load (16 files) and 4.3 kB off the editor's.
# Flattening the optimized code, rebuilding its control flow (--flatten --rereloop) and
# optimizing again takes another 1.4 kB off the drafts list's and 3.3 kB off the editor's.
WASM_BINDGEN_ARGS=(--target web --no-typescript --keep-lld-exports --no-demangle)
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)
WASM_OPT_ARGS=(-Oz --converge --strip-producers --strip-target-features "${WASM_FEATURES[@]}" --flatten --rereloop -Oz)
# What every bundle exports but nothing calls: wasm-streams, which Leptos' server functions
# bring, exports the methods of its stream adapters, and this app has no server functions,
# so nothing makes one. Dropping the exports (wasm-metadce) lets wasm-opt drop their code:
# 1.6 kB less on every first load. wasm_to_pkg then checks that nothing can make an adapter
# (no import names an adapter), so a server function added one day fails the build
# rather than a stream at run time.
DEAD_EXPORTS='intounderlying'
DEAD_IMPORTS='underlying'

# drop_dead_exports WASM: WASM without the exports whose names match $DEAD_EXPORTS.
drop_dead_exports() {
  local wasm="$1" graph="$1.graph.json"
  wasm-dis "$wasm" | sed -n 's/^ (export "\([^"]*\)".*/\1/p' | DEAD="$DEAD_EXPORTS" python3 -c '
import json, os, re, sys
exports = sys.stdin.read().split()
kept = [e for e in exports if not re.search(os.environ["DEAD"], e)]
graph = [{"name": "outside", "root": True, "reaches": ["export " + e for e in kept]}]
graph += [{"name": "export " + e, "export": e} for e in exports]
print(json.dumps(graph))' >"$graph"
  wasm-metadce "${WASM_FEATURES[@]}" -f "$graph" "$wasm" -o "$wasm" >/dev/null
  rm -f "$graph"
}

# wasm_to_pkg WASM PKG NAME: a cargo-built wasm (linked with --emit-relocs) into the folder
# PKG: wasm-split cuts it at its lazy functions into the main module (for wasm-bindgen: the
# glue NAME.js and NAME_bg.wasm), one module per split and the chunks they share, with the
# link module __wasm_split.js that loads them; then wasm-opt on every module, and esbuild
# minifies the glue (1.8 kB less brotli on every first load; the link module stays as it
# is, the server's build script reads its chunk table). scripts/bench builds its
# hello-world baseline the same way.
wasm_to_pkg() {
  local input="$1" pkg="$2" name="$3" split="$CARGO_TARGET_DIR/wasm-split/$3"
  rm -rf "$pkg" "$split"
  mkdir -p "$pkg"
  wasm-split-cli --target web --out-name "$name" "$input" "$split"
  mv "$split/$name.wasm" "$split.main.wasm"
  mv "$split"/* "$pkg/"
  wasm-bindgen "${WASM_BINDGEN_ARGS[@]}" --out-dir "$pkg" --out-name "$name" "$split.main.wasm"
  drop_dead_exports "$pkg/${name}_bg.wasm"
  find "$pkg" -name '*.wasm' -print0 | xargs -0 -P "$(nproc)" -I{} wasm-opt "${WASM_OPT_ARGS[@]}" {} -o {}
  if wasm-dis "$pkg/${name}_bg.wasm" | grep -qi "^ (import .*$DEAD_IMPORTS"; then
    echo "the bundle can make a stream adapter whose methods it no longer exports (see DEAD_EXPORTS in scripts/lib.sh)" >&2
    return 1
  fi
  # wasm-bindgen's import object names the link module once per import: the last one
  # counts, and all are the same module.
  esbuild "$pkg/$name.js" --minify --format=esm --log-level=warning --log-override:duplicate-object-key=silent \
    --outfile="$pkg/$name.js" --allow-overwrite
}

# Builds the browser bundle into $MONITOR_STUDIO_SITE_ROOT/pkg: the wasm-bindgen glue
# monitor_studio.js, the main module monitor_studio_bg.wasm, and the lazily loaded page
# groups with their shared chunks (the lazy routes in app/src/lib.rs). The server's build
# script embeds that folder (server/build.rs).
build_frontend() {
  log "building the browser bundle"
  build_wasm "$REPO_ROOT" frontend
  wasm_to_pkg "$BUILT_WASM" "$MONITOR_STUDIO_SITE_ROOT/pkg" monitor_studio
}

# build_wasm DIR CRATE: builds CRATE (a cdylib, named with `_`) of the workspace in DIR for the browser with
# the bundle's profile; sets BUILT_WASM to the linked module. `.cargo/config.toml` builds the
# server and the bundle with `--cfg erase_components` (both sides must agree, or hydration
# fails) and links the bundle with `--emit-relocs`, which wasm-split needs.
#
# The smallest build needs nightly Rust: it rebuilds std for the bundle (-Zbuild-std) with
# panics that abort without formatting a message (-Cpanic=immediate-abort) and without
# source locations (-Zlocation-detail=none), about 8% off every page's first load
# (scripts/bench payload), and with std's smaller algorithms (its `optimize_for_size`
# feature: 0.7 kB off the drafts list, 5 to 7 kB off the other pages). It is used when the machine has a nightly toolchain (rust-src is
# added to it when missing); without one, when that build fails, or with
# MONITOR_STUDIO_STABLE_BUNDLE=1 (panic messages in the browser console, for debugging),
# the stable toolchain builds the bundle as before.
build_wasm() {
  local dir="$1" crate="$2" nightly_target="$CARGO_TARGET_DIR/nightly-bundle"
  local flags=(--lib --target wasm32-unknown-unknown --profile wasm-release)
  if [ "${MONITOR_STUDIO_STABLE_BUNDLE:-0}" != 1 ] && nightly_bundle_toolchain; then
    if (cd "$dir" && CARGO_TARGET_DIR="$nightly_target" \
      RUSTFLAGS="--cfg erase_components -C link-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
      cargo +nightly build -p "$crate" "${flags[@]}" -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size); then
      BUILT_WASM="$nightly_target/wasm32-unknown-unknown/wasm-release/$crate.wasm"
      return 0
    fi
    log "the nightly bundle build failed; building it with stable Rust instead"
  fi
  (cd "$dir" && cargo build -p "$crate" "${flags[@]}")
  BUILT_WASM="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/$crate.wasm"
}

# True when a nightly toolchain with rust-src (for -Zbuild-std) is there, adding rust-src
# to an installed nightly once.
nightly_bundle_toolchain() {
  rustup toolchain list 2>/dev/null | grep -q '^nightly' || return 1
  rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' && return 0
  log "adding rust-src to the nightly toolchain (for the smallest browser bundle)"
  rustup component add rust-src --toolchain nightly >&2 || return 1
}
