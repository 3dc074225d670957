// Shared set-up for the browser tests: the real server binary on a free 127.0.0.1 port
// with a fresh SQLite database and no cluster, Debian's Chromium driven by playwright-core,
// and helpers to open hydrated pages, take screenshots and call the JSON API.
//
// Environment: MONITOR_STUDIO_BIN (the server binary, which embeds the bundle) and
// MONITOR_STUDIO_SITE_ROOT (the folder build_frontend wrote pkg/ to, checked to exist), both
// set by scripts/test; defaults point into the shared cache. The server gets no site root,
// so it serves the bundle it embeds, as in production.

import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.MONITOR_STUDIO_CACHE || path.join(os.homedir(), '.cache/monitor-studio');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(CACHE, 'target');
export const SERVER_BIN = process.env.MONITOR_STUDIO_BIN || path.join(TARGET, 'debug/monitor-studio');
export const SITE_ROOT = process.env.MONITOR_STUDIO_SITE_ROOT || path.join(TARGET, 'site');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts/screenshots');
const LOG_DIR = path.join(REPO_ROOT, 'test-artifacts/logs');

/** playwright-core from NODE_PATH (ESM ignores it, so resolve through require) or the cache. */
function loadPlaywright() {
  const paths = [
    ...(process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean),
    path.join(CACHE, 'tools/node_modules'),
  ];
  return require(require.resolve('playwright-core', { paths }));
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The server's environment: ours minus anything that would reach a cluster or a config file. */
export function serverEnv(port, dbPath) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('MONITOR_STUDIO_')) env[k] = v;
  }
  return {
    ...env,
    MONITOR_STUDIO_LISTEN: `127.0.0.1:${port}`,
    MONITOR_STUDIO_DATABASE_URL: `sqlite://${dbPath}`,
    MONITOR_STUDIO_NO_CLUSTER: '1',
    RUST_LOG: process.env.RUST_LOG || 'warn',
  };
}

/** The administrator every test server has (created with the admin command). */
export const ADMIN = { username: 'admin', password: 'browser tests password' };

/**
 * Creates the first administrator in a fresh database, as a new user would
 * (`monitor-studio admin create-user --admin`), and an API token of theirs for `api()`.
 */
export function provision(env) {
  execFileSync(SERVER_BIN, ['admin', 'create-user', '--admin', ADMIN.username, '--password-stdin'], { env, input: ADMIN.password });
  return execFileSync(SERVER_BIN, ['admin', 'token', '--name', 'browser tests'], { env }).toString().trim();
}

/** Signs the browser context in on `base` through the sign-in page, by label and role. */
export async function signIn(context, base) {
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  await page.close();
}

/** The JSON API of the server at `base`, with an API token: `{status, body}`. */
export async function apiCall(base, token, method, apiPath, body) {
  const r = await fetch(`${base}/api/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** A running server process; `stop()` kills it, `start()` starts it again on the same port and DB. */
export class Server {
  constructor(name, env = {}) {
    this.name = name;
    this.env = env;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-studio-browser-'));
    this.dbPath = path.join(this.dir, 'drafts.db');
    this.port = 0;
    this.child = null;
    this.starts = 0;
  }

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!fs.existsSync(SERVER_BIN)) throw new Error(`server binary not found: ${SERVER_BIN} (cargo build -p server --bin monitor-studio)`);
    if (!fs.existsSync(path.join(SITE_ROOT, 'pkg/monitor_studio_bg.wasm'))) throw new Error(`wasm bundle not found under ${SITE_ROOT}/pkg (build_frontend)`);
    if (!this.port) this.port = await freePort();
    if (!this.token) this.token = provision({ ...serverEnv(this.port, this.dbPath), ...this.env });
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.starts += 1;
    const log = fs.openSync(path.join(LOG_DIR, `${this.name}-server-${this.starts}.log`), 'w');
    const child = spawn(SERVER_BIN, [], { env: { ...serverEnv(this.port, this.dbPath), ...this.env }, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    child.exitCode_ = null;
    // Never leave a server behind, even when the test process is interrupted.
    const killOnExit = () => { if (child.exitCode_ === null) child.kill('SIGKILL'); };
    process.once('exit', killOnExit);
    child.on('exit', (code, signal) => {
      child.exitCode_ = code ?? signal;
      process.removeListener('exit', killOnExit);
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode_ !== null) throw new Error(`server exited during start-up (${child.exitCode_}); see test-artifacts/logs/`);
      try {
        const r = await fetch(`${this.base}/readyz`);
        if (r.ok) return this;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    throw new Error('server did not become ready within 30 s');
  }

  /** Kills the process (SIGKILL: an outage, not a shutdown) and waits until it is gone. */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode_ === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** The JSON API: `api('GET', '/drafts')` → `{status, body}`. */
  api(method, apiPath, body) {
    return apiCall(this.base, this.token, method, apiPath, body);
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Starts a server and a browser for one test file. Returns helpers; call `close()` in `after`.
 * Each browser page records uncaught errors and wasm panics in `page.crashes`.
 */
export async function startHarness(name, { env = {} } = {}) {
  const server = new Server(name, env);
  await server.start();
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  await signIn(context, server.base);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const h = {
    server,
    browser,
    context,
    get base() { return server.base; },

    async newPage() {
      const page = await context.newPage();
      page.crashes = [];
      page.consoleLog = [];
      page.on('pageerror', (e) => page.crashes.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        page.consoleLog.push(`${m.type()}: ${m.text()}`);
        if (m.type() === 'error' && /panicked|RuntimeError|unreachable/i.test(m.text())) page.crashes.push(`console: ${m.text()}`);
      });
      return page;
    },

    /** Navigates `page` (or a new page) to `urlPath` and waits for hydration. */
    async openPage(urlPath, page) {
      page = page || (await h.newPage());
      await page.goto(server.base + urlPath);
      await h.hydrated(page);
      return page;
    },

    async hydrated(page) {
      try {
        await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 20_000 });
      } catch (e) {
        // A hydration panic means the bundle and the binary render different markup: built
        // from different sources, or with different `--cfg erase_components`.
        const log = (page.consoleLog || []).slice(-10).join('\n  ');
        const hint = /hydrat|unreachable/i.test(log)
          ? 'The wasm bundle does not match the server binary (different sources or different --cfg erase_components): rebuild both the same way.'
          : '';
        throw new Error(`${page.url()} did not hydrate. ${hint}\n  ${[...(page.crashes || [])].join('; ')}\n  ${log}`, { cause: e });
      }
    },

    async screenshot(page, shotName) {
      // A full-page shot grows the viewport and shrinks it back; Chromium then reports one
      // scroll position and snaps to the old one on the next mouse press, so a click would
      // release somewhere else. Put the scroll position back explicitly.
      const at = await page.evaluate(() => [window.scrollX, window.scrollY]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${shotName}.png`), fullPage: true });
      await page.evaluate(([x, y]) => {
        window.scrollTo(x, y + 1);
        window.scrollTo(x, y);
        return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, at);
    },

    api: (...args) => server.api(...args),

    async close() {
      // The pages still open (a failed test leaves its pages open) as they were at the end.
      for (const [i, page] of context.pages().entries()) {
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-at-exit-${i + 1}.png`), fullPage: true, timeout: 5_000 }).catch(() => {});
      }
      await browser.close().catch(() => {});
      await server.stop();
      server.cleanup();
    },
  };
  return h;
}

/** The editor's autosave status ("Saved · 2 s ago", "Saving…", "Not saved: …"). */
export function saveStatus(page) {
  return page.getByRole('status', { name: 'Save status' });
}

/** Waits for a completed autosave ("Saved · N s ago"). */
export async function waitSaved(page, timeout = 15_000) {
  await expectText(saveStatus(page), /^Saved · \d+ s ago$/, { timeout });
}

/** The draft id in an editor URL (`/drafts/<id>`). */
export function draftIdOf(page) {
  const m = new URL(page.url()).pathname.match(/^\/drafts\/([^/]+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

// A tiny polling `expect` (playwright-core has no test runner): `until(fn)` retries an async
// check until it stops throwing.
export async function until(check, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(interval);
    }
  }
}

/** Retries until the locator's text matches (a RegExp or an exact string, trimmed). */
export async function expectText(locator, expected, opts) {
  return until(async () => {
    const text = (await locator.textContent({ timeout: 1_000 }))?.trim() ?? '';
    if (expected instanceof RegExp) assert.match(text, expected);
    else assert.equal(text, expected);
    return text;
  }, opts);
}

/** Retries until an input's value equals `expected`. */
export async function expectValue(locator, expected, opts) {
  return until(async () => {
    assert.equal(await locator.inputValue({ timeout: 1_000 }), expected);
  }, opts);
}

/** Retries until the locator matches `count` elements. */
export async function expectCount(locator, count, opts) {
  return until(async () => assert.equal(await locator.count(), count), opts);
}

/**
 * Fills "Select data" and "Query" for the Failed-logins story, by label: the index, the
 * `@timestamp` time field, the last 5 minutes, and the filter `audit_category.keyword` is
 * FAILED_LOGIN. Shared by the authoring and publish tests.
 */
export async function fillFailedLoginsQuery(page, index) {
  // The Index field applies on change (Enter or leaving the field), as the combobox does.
  await page.getByLabel('Index', { exact: true }).fill(index);
  await page.getByLabel('Index', { exact: true }).press('Tab');
  await page.getByLabel('Time field').fill('@timestamp');
  await page.getByLabel('Time range for the last').fill('5');
  await page.getByLabel('Time range unit').selectOption({ label: 'minute(s)' });
  await page.getByRole('button', { name: 'Add data filter' }).click();
  const filter = page.getByRole('group', { name: 'Data filter 1' });
  await filter.getByLabel('Field', { exact: true }).fill('audit_category.keyword');
  await filter.getByLabel('Field type').selectOption({ label: 'keyword' });
  await filter.getByLabel('Operator').selectOption({ label: 'is' });
  await filter.getByLabel('Value').fill('FAILED_LOGIN');
}
