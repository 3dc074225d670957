#!/usr/bin/env python3
"""Backtest figures: the Failed-logins template over the last 24 h at a 1-minute schedule,
through Monitor Studio against a real node, in parts as the editor runs it.

usage: backtest.py NODE_URL SERVER_URL (BENCH_TOKEN in the environment)
Prints the wall time, the API calls, the dry runs (one cluster request each) and the
runs that fired, for a day of audit events with three bursts of failed logins."""
import json, os, sys, time, urllib.request

node, server = sys.argv[1].rstrip('/'), sys.argv[2].rstrip('/')
token = os.environ['BENCH_TOKEN']


def call(url, method='GET', body=None, headers=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={'content-type': 'application/json', **(headers or {})})
    with urllib.request.urlopen(req, timeout=120) as r:
        text = r.read()
        return json.loads(text) if text else None


def api(method, path, body=None):
    return call(f'{server}/api/v1{path}', method, body, {'authorization': f'Bearer {token}'})


index = f'security-auditlog-bench-{int(time.time())}'
now = time.time()
lines = []
# One event every ten minutes all day, and three bursts of five failed logins.
events = [('GRANTED_PRIVILEGES', now - m * 60) for m in range(0, 1440, 10)]
for hours_ago in (20, 11, 2):
    events += [('FAILED_LOGIN', now - hours_ago * 3600 - s) for s in range(5)]
for category, at in events:
    stamp = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(at)) + '+00:00'
    lines.append(json.dumps({'index': {'_index': index}}))
    lines.append(json.dumps({'@timestamp': stamp, 'audit_category': category, 'audit_request_effective_user': 'bench'}))
call(f'{node}/_bulk?refresh=true', 'POST', ('\n'.join(lines) + '\n').encode(), {'content-type': 'application/x-ndjson'})
try:
    draft = api('POST', '/drafts', {'template': 'failed-logins'})
    document = {**draft['document'], 'indices': [index]}
    started = time.perf_counter()
    runs, offset, total, end, calls, slowest = [], 0, None, None, 0, 0.0
    while total is None or offset < total:
        body = {'document': document, 'hours': 24, 'offset': offset}
        if end is not None:
            body['end_ms'] = end
        t = time.perf_counter()
        part = api('POST', '/preview/backtest', body)
        slowest = max(slowest, time.perf_counter() - t)
        calls += 1
        total, end = part['total_steps'], part['to_ms']
        runs += part['runs']
        offset += len(part['runs'])
    wall = time.perf_counter() - started
    fired = [r for r in runs if r['triggered']]
    step = (runs[1]['period_end_ms'] - runs[0]['period_end_ms']) // 60000 if len(runs) > 1 else 0
    print(f'  {"range, schedule":44} 24 h at every 1 minute: {len(runs)} runs, one every {step} min')
    print(f'  {"wall time":44} {wall:.2f} s ({wall / len(runs) * 1000:.1f} ms per run)')
    print(f'  {"API calls (parts of at most 50 runs)":44} {calls} (slowest {slowest * 1000:.0f} ms)')
    print(f'  {"cluster requests":44} {len(runs)} dry runs (_execute?period_end=…), + at most {calls} index checks')
    print(f'  {"runs that would have fired":44} {len(fired)} (three bursts of five failed logins)')
finally:
    call(f'{node}/{index}', 'DELETE')
