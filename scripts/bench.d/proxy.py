#!/usr/bin/env python3
"""Proxy overhead: the same cluster call made directly and through Monitor Studio.

usage: proxy.py NODE_URL STUDIO_URL [N] [WARMUP]

Sequential requests over keep-alive connections (one per host, TCP_NODELAY), interleaved
direct/proxied and alternating which goes first, so both see the same node state and load.
Prints a table in milliseconds; exits non-zero if a request fails.
"""

import base64
import http.client
import json
import socket
import sys
import time
import urllib.parse


class Conn(http.client.HTTPConnection):
    """A keep-alive connection with Nagle off (the server and reqwest turn it off too)."""

    def connect(self):
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Client:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        if u.scheme != "http":
            raise SystemExit(f"proxy.py: only http:// URLs are supported, not {url}")
        self.conn = Conn(u.hostname, u.port or 80, timeout=60)
        self.headers = {"Connection": "keep-alive", "User-Agent": "monitor-studio-bench"}
        if u.username:
            raw = f"{urllib.parse.unquote(u.username)}:{urllib.parse.unquote(u.password or '')}"
            self.headers["Authorization"] = "Basic " + base64.b64encode(raw.encode()).decode()

    def call(self, method, path, body=None):
        """One request; returns (milliseconds, status, parsed body)."""
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        t0 = time.perf_counter_ns()
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        raw = response.read()
        ms = (time.perf_counter_ns() - t0) / 1e6
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw[:200]
        return ms, response.status, parsed


def percentile(sorted_ms, p):
    # Nearest-rank, as in server/benches/autosave.rs.
    rank = max(1, -(-len(sorted_ms) * p // 100))
    return sorted_ms[min(int(rank), len(sorted_ms)) - 1]


def measure(pairs, n, warmup):
    """pairs: [(label, client, method, path, body)]; returns {label: sorted ms}."""
    samples = {label: [] for label, *_ in pairs}
    for i in range(warmup + n):
        order = pairs if i % 2 == 0 else list(reversed(pairs))
        for label, client, method, path, body in order:
            ms, status, answer = client.call(method, path, body)
            if status != 200:
                raise SystemExit(f"proxy.py: {label}: {method} {path} answered {status}: {str(answer)[:300]}")
            if i >= warmup:
                samples[label].append(ms)
    return {label: sorted(v) for label, v in samples.items()}


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    node_url, studio_url = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    node, studio = Client(node_url), Client(studio_url)

    # The draft and the exact monitor body Monitor Studio sends for it (the export is the
    # same conversion the preview runs).
    _, status, draft = studio.call("POST", "/api/v1/drafts", {"template": "failed-logins"})
    if status != 201:
        raise SystemExit(f"proxy.py: creating the Failed-logins draft answered {status}: {draft}")
    _, status, exported = studio.call("GET", f"/api/v1/drafts/{draft['id']}/export")
    if status != 200:
        raise SystemExit(f"proxy.py: exporting the draft answered {status}: {exported}")
    monitor, document = exported["monitor"], draft["document"]
    pattern = "security-auditlog-*"
    quoted = urllib.parse.quote(pattern, safe="*")

    execute = measure(
        [
            ("direct", node, "POST", "/_plugins/_alerting/monitors/_execute?dryrun=true", monitor),
            ("proxied", studio, "POST", "/api/v1/preview", {"document": document}),
        ],
        n,
        warmup,
    )
    lookup = measure(
        [
            ("direct", node, "GET", f"/_resolve/index/{quoted}?expand_wildcards=open", None),
            ("direct_cat", node, "GET", f"/_cat/indices/{quoted}?format=json&h=health,index,status", None),
            ("proxied", studio, "GET", f"/api/v1/cluster/indices?pattern={quoted}", None),
        ],
        n,
        warmup,
    )

    _, _, resolved = node.call("GET", f"/_resolve/index/{quoted}?expand_wildcards=open")
    matching = len((resolved or {}).get("indices", [])) if isinstance(resolved, dict) else "?"

    def row(name, what, ms):
        print(f"  {name:<34} {what:<58} {percentile(ms, 50):>8.2f} {percentile(ms, 99):>8.2f}")

    def verdict(direct, proxied):
        d50, p50 = percentile(direct, 50), percentile(proxied, 50)
        ratio, added = p50 / d50, p50 - d50
        ok_ratio = "met" if ratio <= 1.2 else "MISSED"
        ok_added = "met" if added <= 0.5 else "MISSED"
        print(f"  p50 ratio proxied/direct: {ratio:.2f}x (target <= 1.20x: {ok_ratio}); "
              f"added p50: {added:+.2f} ms (target <= 0.50 ms: {ok_added})")

    print(f"  N = {n} sequential requests per row after {warmup} warm-up, interleaved, keep-alive; "
          f"{pattern} matches {matching} index(es) on the node")
    print()
    print(f"  {'call':<34} {'request':<58} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"  {'-' * 34} {'-' * 58} {'-' * 8} {'-' * 8}")
    row("_execute dry run, direct", "POST /_plugins/_alerting/monitors/_execute?dryrun=true", execute["direct"])
    row("_execute dry run, via Studio", "POST /api/v1/preview", execute["proxied"])
    verdict(execute["direct"], execute["proxied"])
    print()
    print(f"  {'call':<34} {'request':<58} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"  {'-' * 34} {'-' * 58} {'-' * 8} {'-' * 8}")
    row("index lookup, direct", f"GET /_resolve/index/{pattern}", lookup["direct"])
    row("  (its 2nd call, direct)", f"GET /_cat/indices/{pattern}?format=json", lookup["direct_cat"])
    row("index lookup, via Studio", f"GET /api/v1/cluster/indices?pattern={pattern}", lookup["proxied"])
    verdict(lookup["direct"], lookup["proxied"])
    print("  note: the Studio lookup runs _resolve/index AND _cat/indices (in parallel) and merges them;")
    print("        the ratio above is against _resolve/index alone, so it includes that second call.")


if __name__ == "__main__":
    main()
