# Payload figures for scripts/bench (sourced after scripts/lib.sh): the browser bundle's
# files against a bare Leptos hello-world built the same way.

HELLO_DIR="$REPO_ROOT/scripts/bench.d/hello"
HELLO_PKG="$MONITOR_STUDIO_CACHE/bench/hello/pkg"

build_hello() {
  log "building the hello-world baseline (the bundle's profile and build_frontend's steps)"
  build_wasm "$HELLO_DIR" bench_hello
  wasm_to_pkg "$BUILT_WASM" "$HELLO_PKG" hello
}

# raw gzip brotli (bytes) of one file
sizes() {
  printf '%s %s %s\n' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"
}

kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000 }'; }

payload_section() {
  local pkg="$MONITOR_STUDIO_SITE_ROOT/pkg" css="$REPO_ROOT/style/main.css" f
  local -a hello_files=("$HELLO_PKG/hello_bg.wasm" "$HELLO_PKG/hello.js")
  [ -f "$pkg/monitor_studio_bg.wasm" ] || { echo "  missing $pkg/monitor_studio_bg.wasm (build failed?)"; return 1; }
  for f in "${hello_files[@]}"; do [ -f "$f" ] || { echo "  missing $f (build failed?)"; return 1; }; done
  # Every page loads the first three and the stylesheet; a page's group and chunks follow.
  local -a files=("$pkg/monitor_studio_bg.wasm" "$pkg/monitor_studio.js")
  [ -f "$pkg/__wasm_split.js" ] && files+=("$pkg/__wasm_split.js")
  files+=("$css")
  for f in "$pkg"/split_*.wasm "$pkg"/chunk_*.wasm; do [ -f "$f" ] && files+=("$f"); done
  printf '  %-44s %10s %12s %13s\n' "file" "raw kB" "gzip -9 kB" "brotli 11 kB"
  printf '  %-44s %10s %12s %13s\n' "--------------------------------------------" "----------" "------------" "-------------"
  local t_raw=0 t_gz=0 t_br=0 e_br=0 raw gz br n=0 label
  for f in "${files[@]}"; do
    read -r raw gz br < <(sizes "$f")
    t_raw=$((t_raw + raw)) t_gz=$((t_gz + gz)) t_br=$((t_br + br)) n=$((n + 1))
    [[ "$f" == */split_* || "$f" == */chunk_* ]] || e_br=$((e_br + br))
    label="${f#"$REPO_ROOT/"}"
    [[ "$f" == "$pkg/"* ]] && label="pkg/${f#"$pkg/"}"
    printf '  %-44s %10s %12s %13s\n' "${label:0:44}" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
  done
  printf '  %-44s %10s %12s %13s\n' "the whole bundle ($n files)" "$(kb "$t_raw")" "$(kb "$t_gz")" "$(kb "$t_br")"
  printf '  %-44s %10s %12s %13s\n' "loaded by every page (main, glue, css)" "" "" "$(kb "$e_br")"
  local h_br=0
  for f in "${hello_files[@]}"; do read -r raw gz br < <(sizes "$f"); h_br=$((h_br + br)); done
  printf '  %-44s %10s %12s %13s\n' "bare Leptos hello-world (wasm + js)" "" "" "$(kb "$h_br")"
  echo
  echo "  1 kB = 1000 bytes; each file compressed alone, as served (server/build.rs precompresses them)."
  echo "  A first load gets its page group's split and chunks in one pack, compressed together"
  echo "  (server/build.rs; 15-20% smaller): its bytes are in the first-load section's network figures."
  echo "  hello-world: scripts/bench.d/hello (leptos 0.8.23 hydrate, same profile and flags)."
}
