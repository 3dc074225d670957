# Payload figures for scripts/bench (sourced after scripts/lib.sh): the Create monitor
# page's wasm + js + css against a bare Leptos hello-world built the same way.

HELLO_DIR="$REPO_ROOT/scripts/bench.d/hello"
HELLO_PKG="$MONITOR_STUDIO_CACHE/bench/hello/pkg"

build_hello() {
  log "building the hello-world baseline (the bundle's profile; wasm-bindgen ${WASM_BINDGEN_ARGS[*]}; wasm-opt ${WASM_OPT_ARGS[*]})"
  (cd "$HELLO_DIR" && cargo build --locked --lib --target wasm32-unknown-unknown --profile wasm-release)
  mkdir -p "$HELLO_PKG"
  wasm-bindgen "${WASM_BINDGEN_ARGS[@]}" --out-dir "$HELLO_PKG" --out-name hello "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/bench_hello.wasm"
  wasm-opt "${WASM_OPT_ARGS[@]}" "$HELLO_PKG/hello_bg.wasm" -o "$HELLO_PKG/hello_bg.wasm"
}

# raw gzip brotli (bytes) of one file
sizes() {
  printf '%s %s %s\n' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"
}

kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000 }'; }

payload_section() {
  local pkg="$MONITOR_STUDIO_SITE_ROOT/pkg" css="$REPO_ROOT/style/main.css"
  local -a ms_files=("$pkg/monitor_studio_bg.wasm" "$pkg/monitor_studio.js" "$css")
  local -a hello_files=("$HELLO_PKG/hello_bg.wasm" "$HELLO_PKG/hello.js")
  local f
  for f in "${ms_files[@]}" "${hello_files[@]}"; do
    [ -f "$f" ] || { echo "  missing $f (build failed?)"; return 1; }
  done
  printf '  %-34s %12s %12s %12s %14s\n' "file" "raw kB" "gzip -9 kB" "brotli 11 kB" "hello-world br"
  printf '  %-34s %12s %12s %12s %14s\n' "----------------------------------" "------------" "------------" "------------" "--------------"
  local t_raw=0 t_gz=0 t_br=0 h_raw=0 h_gz=0 h_br=0 raw gz br hraw hgz hbr i label
  local -a labels=("pkg/monitor_studio_bg.wasm" "pkg/monitor_studio.js" "style/main.css")
  for i in 0 1 2; do
    read -r raw gz br < <(sizes "${ms_files[$i]}")
    if [ "$i" -lt 2 ]; then read -r hraw hgz hbr < <(sizes "${hello_files[$i]}"); else hraw=0 hgz=0 hbr=0; fi
    t_raw=$((t_raw + raw)) t_gz=$((t_gz + gz)) t_br=$((t_br + br))
    h_raw=$((h_raw + hraw)) h_gz=$((h_gz + hgz)) h_br=$((h_br + hbr))
    label="${labels[$i]}"
    printf '  %-34s %12s %12s %12s %14s\n' "$label" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")" \
      "$([ "$i" -lt 2 ] && kb "$hbr" || echo "(no css)")"
  done
  printf '  %-34s %12s %12s %12s %14s\n' "Monitor Studio total" "$(kb "$t_raw")" "$(kb "$t_gz")" "$(kb "$t_br")" ""
  printf '  %-34s %12s %12s %12s %14s\n' "bare Leptos hello-world total" "$(kb "$h_raw")" "$(kb "$h_gz")" "$(kb "$h_br")" ""
  printf '  %-34s %12s %12s %12s %14s\n' "difference (app code)" "$(kb $((t_raw - h_raw)))" "$(kb $((t_gz - h_gz)))" "$(kb $((t_br - h_br)))" ""
  echo
  echo "  1 kB = 1000 bytes. hello-world: scripts/bench.d/hello (leptos 0.8.23 hydrate, same profile and flags)."
  if [ "$t_br" -le 300000 ]; then
    echo "  target: <= 300 kB brotli total -> met ($(kb "$t_br") kB)"
  else
    echo "  target: <= 300 kB brotli total -> MISSED ($(kb "$t_br") kB, $(kb $((t_br - 300000))) kB over)"
  fi
}
