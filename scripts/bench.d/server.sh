# Starting and stopping the release server for scripts/bench (sourced after scripts/lib.sh).
# Only the process started here is ever signalled, by its pid.

SERVER_PID=""
SERVER_URL=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME [CLUSTER_URL]: the release binary on a free loopback port, a fresh
# SQLite under $BENCH_WORK, no cluster unless one is given. Sets SERVER_PID / SERVER_URL.
start_server() {
  local name="$1" cluster="${2:-}" port bin="$CARGO_TARGET_DIR/release/monitor-studio"
  [ -x "$bin" ] || { echo "scripts/bench: $bin is missing (the release build failed?)" >&2; return 1; }
  stop_server
  port="$(free_port)"
  SERVER_URL="http://127.0.0.1:$port"
  # An administrator and a token for the API calls, wrk and Chromium (pages need a caller).
  BENCH_TOKEN="$(
    export MONITOR_STUDIO_DATABASE_URL="sqlite://$BENCH_WORK/$name.db"
    "$bin" admin create-user --admin bench --password-stdin <<<'bench password 123' >/dev/null && "$bin" admin token --name bench
  )" || { echo "scripts/bench: could not create the bench's administrator" >&2; return 1; }
  export BENCH_TOKEN
  (
    # No MONITOR_STUDIO_SITE_ROOT: the release binary serves the bundle it embeds.
    unset MONITOR_STUDIO_SITE_ROOT MONITOR_STUDIO_CONFIG MONITOR_STUDIO_CLUSTER_URL MONITOR_STUDIO_CLUSTER_USERNAME MONITOR_STUDIO_CLUSTER_PASSWORD \
      MONITOR_STUDIO_CLUSTER_API_KEY MONITOR_STUDIO_CLUSTER_BEARER_TOKEN MONITOR_STUDIO_CLUSTER_CA_FILE
    [ -n "$cluster" ] && export MONITOR_STUDIO_CLUSTER_URL="$cluster"
    export MONITOR_STUDIO_LISTEN="127.0.0.1:$port" \
      MONITOR_STUDIO_DATABASE_URL="sqlite://$BENCH_WORK/$name.db" \
      RUST_LOG=warn
    exec "$bin" >"$BENCH_WORK/$name.log" 2>&1 </dev/null
  ) &
  SERVER_PID=$!
  local i
  for i in $(seq 1 300); do  # up to 30 s
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "scripts/bench: the server exited during start-up:" >&2; tail -n 20 "$BENCH_WORK/$name.log" >&2
      SERVER_PID=""; return 1
    fi
    curl -fsS -m 1 -o /dev/null "$SERVER_URL/readyz" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "scripts/bench: the server did not become ready within 30 s" >&2
  stop_server; return 1
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  local pid="$SERVER_PID" i; SERVER_PID=""
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# seed_drafts N: N drafts through the API of the running server (the Failed-logins
# template); SEEDED_DRAFT is the id of the last one.
SEEDED_DRAFT=""
seed_drafts() {
  local i reply
  for i in $(seq 1 "$1"); do
    reply="$(curl -fsS -H "authorization: Bearer $BENCH_TOKEN" -H 'content-type: application/json' -d '{"template": "failed-logins"}' "$SERVER_URL/api/v1/drafts")" \
      || { echo "scripts/bench: creating draft $i failed" >&2; return 1; }
  done
  SEEDED_DRAFT="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<<"$reply")"
}
