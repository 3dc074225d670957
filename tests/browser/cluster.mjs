// Helpers for browser tests against a real OpenSearch node (MONITOR_STUDIO_TEST_CLUSTER_URL):
// direct node calls (arrange and check), a loopback webhook receiver, a Monitor Studio
// server connected to the node (the harness's Server always runs without a cluster), and a
// story's whole set-up and clean-up.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, SERVER_BIN, SITE_ROOT, apiCall, freePort, provision, signIn, startHarness } from './harness.mjs';

export const CLUSTER_URL = process.env.MONITOR_STUDIO_TEST_CLUSTER_URL || '';

/** A name no other test run uses. */
export function unique(prefix) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** Direct calls to the node: `node.call('GET', '/path')` → `{status, body}`. */
export const node = {
  async call(method, apiPath, body) {
    const r = await fetch(`${CLUSTER_URL}${apiPath}`, {
      method,
      headers: { 'User-Agent': 'OpenSearch-Dashboards test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: r.status, body: parsed };
  },

  /** Indexes audit-log events `[category, user, secondsAgo]` and refreshes (as cluster.rs does). */
  async indexAuditEvents(index, events) {
    let bulk = '';
    for (const [category, user, secondsAgo] of events) {
      const doc = {
        '@timestamp': new Date(Date.now() - secondsAgo * 1000).toISOString().replace('Z', '+00:00'),
        audit_format_version: 4,
        audit_category: category,
        audit_cluster_name: 'monitor-studio',
        audit_node_name: 'monitor-studio-node',
        audit_request_origin: 'REST',
        audit_request_layer: 'REST',
        audit_request_remote_address: '10.0.0.7',
        audit_request_effective_user: user,
        audit_request_effective_user_is_admin: false,
        audit_rest_request_method: 'GET',
        audit_rest_request_path: '/_cluster/health',
        audit_rest_request_headers: { 'User-Agent': ['curl/8.5.0'] },
      };
      bulk += `${JSON.stringify({ index: { _index: index } })}\n${JSON.stringify(doc)}\n`;
    }
    const r = await fetch(`${CLUSTER_URL}/_bulk?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: bulk });
    const body = await r.json();
    if (body.errors !== false) throw new Error(`bulk failed: ${JSON.stringify(body)}`);
  },

  /** A custom webhook channel that posts to `url`. */
  async createWebhook(id, url) {
    const { status, body } = await node.call('POST', '/_plugins/_notifications/configs', {
      config_id: id,
      config: { name: id, description: 'test receiver', config_type: 'webhook', is_enabled: true, webhook: { url, method: 'POST' } },
    });
    if (status !== 200) throw new Error(`create webhook: ${status} ${JSON.stringify(body)}`);
  },

  /**
   * Makes the scheduler run an enabled monitor within seconds (as cluster.rs `run_soon`): an
   * interval schedule first fires one interval after `enabled_time`, which the API keeps
   * when a monitor goes from disabled to enabled.
   */
  async runSoon(monitorId) {
    for (const [enabled, enabledTime] of [[false, null], [true, Date.now() - 55_000]]) {
      const { status, body: current } = await node.call('GET', `/_plugins/_alerting/monitors/${monitorId}`);
      if (status !== 200) throw new Error(`get monitor: ${status} ${JSON.stringify(current)}`);
      const monitor = { ...current.monitor, enabled, enabled_time: enabledTime };
      const put = await node.call('PUT', `/_plugins/_alerting/monitors/${monitorId}?if_seq_no=${current._seq_no}&if_primary_term=${current._primary_term}`, monitor);
      if (put.status !== 200) throw new Error(`update monitor: ${put.status} ${JSON.stringify(put.body)}`);
    }
  },

  async monitorsNamed(name) {
    const { body } = await node.call('POST', '/_plugins/_alerting/monitors/_search', { size: 50, query: { term: { 'monitor.name.keyword': name } } });
    return body?.hits?.hits ?? [];
  },

  async cleanup({ monitorIds = [], channel, index } = {}) {
    // Composite monitors (workflows) first: their delegates cannot go while they use them.
    for (const id of monitorIds) await node.call('DELETE', `/_plugins/_alerting/workflows/${id}`).catch(() => {});
    for (const id of monitorIds) await node.call('DELETE', `/_plugins/_alerting/monitors/${id}`).catch(() => {});
    if (channel) await node.call('DELETE', `/_plugins/_notifications/configs/${channel}`).catch(() => {});
    if (index) await node.call('DELETE', `/${index}`).catch(() => {});
  },
};

/** An HTTP server on 127.0.0.1 that records request bodies (a webhook endpoint). */
export async function startReceiver() {
  const bodies = [];
  const srv = http.createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { data += c; });
    req.on('end', () => { bodies.push(data); res.end('ok'); });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () => new Promise((resolve) => srv.close(resolve)),
  };
}

/** Monitor Studio connected to the node, on a free port with a fresh SQLite database. */
export async function startClusterServer(name) {
  if (!fs.existsSync(SERVER_BIN)) throw new Error(`server binary not found: ${SERVER_BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-studio-cluster-'));
  const port = await freePort();
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MONITOR_STUDIO_')) env[k] = v;
  Object.assign(env, {
    MONITOR_STUDIO_LISTEN: `127.0.0.1:${port}`,
    MONITOR_STUDIO_DATABASE_URL: `sqlite://${path.join(dir, 'drafts.db')}`,
    MONITOR_STUDIO_CLUSTER_URL: CLUSTER_URL,
    // The tests' webhook receivers listen on loopback, which channels reach only when allowed.
    MONITOR_STUDIO_CHANNEL_HOSTS: '127.0.0.1',
    // `localhost`, not 127.0.0.1: its session cookie must not replace the other test
    // server's (cookies are per host, not per port).
    MONITOR_STUDIO_PUBLIC_URL: `http://localhost:${port}`,
    RUST_LOG: process.env.RUST_LOG || 'warn',
  });
  const token = provision(env);
  const logDir = path.join(REPO_ROOT, 'test-artifacts/logs');
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.openSync(path.join(logDir, `${name}-cluster-server.log`), 'w');
  const child = spawn(SERVER_BIN, [], { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = null;
  const killOnExit = () => { if (exited === null) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  const gone = new Promise((resolve) => child.on('exit', (code, signal) => { exited = code ?? signal; process.removeListener('exit', killOnExit); resolve(); }));
  const base = `http://localhost:${port}`;
  const server = {
    base,
    token,
    /** The server's environment, for `monitor-studio admin …` commands on its database. */
    env,
    /** Its JSON API as the provisioned administrator. */
    api: (...args) => apiCall(base, token, ...args),
    async stop() {
      if (exited === null) { child.kill('SIGKILL'); await gone; }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`server exited during start-up (${exited}); see test-artifacts/logs/${name}-cluster-server.log`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return server;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  await server.stop();
  throw new Error('server did not become ready within 30 s');
}

/**
 * A story on the real node, set up before the file's tests and removed after them: audit
 * `events` in a fresh index, a webhook channel to a loopback receiver, Monitor Studio
 * connected to the node and a signed-in browser. Monitors published under the story's
 * `name` are deleted afterwards even if a test stopped before learning their ids. Returns
 * the story; its `h`, `cs` and `receiver` are set once `before` ran.
 */
/**
 * "Create monitor" in the editor: waits for the new monitor's page, records its id for the
 * story's clean-up, and answers it with what the node stores (`monitors/` or, for a
 * composite monitor, `workflows/`).
 */
export async function createMonitor(page, story, { workflow = false } = {}) {
  await page.getByRole('button', { name: 'Create monitor', exact: true }).click();
  await page.waitForURL(/\/monitors\/[^/?]+\?created=1$/, { timeout: 30_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  // Composite monitors first: their delegates cannot be deleted while they use them.
  if (workflow) story.monitorIds.unshift(id); else story.monitorIds.push(id);
  const { body } = await node.call('GET', `/_plugins/_alerting/${workflow ? 'workflows' : 'monitors'}/${encodeURIComponent(id)}`);
  return { id, stored: body };
}

export function clusterStory(label, { name, events }) {
  const story = { index: unique('security-auditlog'), channel: unique(`${label}-test-hook`), name: unique(name), monitorIds: [] };
  before(async () => {
    if (!CLUSTER_URL) return;
    story.receiver = await startReceiver();
    await node.indexAuditEvents(story.index, events);
    await node.createWebhook(story.channel, story.receiver.url);
    story.cs = await startClusterServer(label);
    story.h = await startHarness(label);
    await signIn(story.h.context, story.cs.base);
  });
  after(async () => {
    if (!CLUSTER_URL) return;
    await story.h?.close();
    await story.cs?.stop();
    for (const hit of await node.monitorsNamed(story.name).catch(() => [])) if (!story.monitorIds.includes(hit._id)) story.monitorIds.push(hit._id);
    await node.cleanup({ monitorIds: story.monitorIds, channel: story.channel, index: story.index });
    await story.receiver?.close();
  });
  return story;
}
