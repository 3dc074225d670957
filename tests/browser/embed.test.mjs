// Embedding in real Chromium: a host page on another loopback port frames /embed/… pages
// with signed links its "backend" (this test, HS256 with node's crypto) makes. It receives
// the events in order, resizes the iframe to its content, cannot be talked out of a locked
// parameter even by a crafted request, and bad or expired links get the refusal page; a
// page on an origin the application did not register cannot frame the pages at all.
// The authoring, status card and alerts parts need an OpenSearch node
// (MONITOR_STUDIO_TEST_CLUSTER_URL); the refusals and framing run without one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHarness, freePort, until, expectText } from './harness.mjs';
import { CLUSTER_URL, node, unique, startReceiver, startClusterServer } from './cluster.mjs';

const SKIP_NODE = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const INDEX = unique('security-auditlog');
const CHANNEL = unique('embed-test-hook');
const NAME = unique('Catalogue failed logins');

let h;
let cs;
let receiver;
const hosts = [];
const monitorIds = [];

/** A page server on its own loopback port: `/frame?src=…` frames `src` and records its messages. */
async function startHost() {
  const port = await freePort();
  const srv = http.createServer((req, res) => {
    const src = new URL(req.url, 'http://x').searchParams.get('src') || '';
    const target = src ? new URL(src).origin : '';
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><head><title>Service catalogue</title></head><body>
      <h1>Service catalogue</h1>
      <iframe id="embed" title="Monitor Studio" src="${src.replace(/"/g, '&quot;')}" style="width:1000px;height:120px;border:0"></iframe>
      <script>
        window.events = [];
        addEventListener('message', (e) => {
          if (e.origin !== ${JSON.stringify(target)} || !e.data || e.data.source !== 'monitor-studio') return;
          window.events.push(e.data);
          if (e.data.type === 'resize') document.getElementById('embed').style.height = e.data.height + 'px';
        });
        window.command = (c) => document.getElementById('embed').contentWindow.postMessage(c, ${JSON.stringify(target)});
      </script></body></html>`);
  });
  await new Promise((resolve) => srv.listen(port, '127.0.0.1', resolve));
  const host = { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => srv.close(resolve)) };
  hosts.push(host);
  return host;
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An HS256 JWT, as the host's backend signs it. */
function sign(secret, claims) {
  const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${data}.${crypto.createHmac('sha256', secret).update(data).digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);

/** Registers an application framed from `origin` on `server`: its id and secret. */
async function register(server, origin, name, grants) {
  const { status, body } = await server.api('POST', '/embed-apps', { name, origins: [origin], teams: ['default'], grants });
  assert.equal(status, 201, JSON.stringify(body));
  return { iss: body.app.id, secret: body.secret };
}

function link(base, app, claims) {
  const full = { iss: app.iss, sub: 'jo@catalogue', iat: now(), exp: now() + 600, team: 'default', ...claims };
  const token = sign(app.secret, full);
  const path = claims.page === 'monitor' ? `/embed/monitors/${claims.monitor_id}` : `/embed/${claims.page === 'monitors' ? 'monitors' : claims.page}`;
  return { url: `${base}${path}?token=${token}`, token };
}

/** Opens the host page framing `src`; the frame once it is hydrated. */
async function frameOf(host, src, { hydrated = true } = {}) {
  const page = await h.newPage();
  await page.goto(`${host.base}/frame?src=${encodeURIComponent(src)}`);
  const frame = page.frameLocator('#embed');
  if (hydrated) await frame.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 20_000 });
  return { page, frame };
}

const events = (page) => page.evaluate(() => window.events);
const types = async (page) => (await events(page)).filter((e) => e.type !== 'resize').map((e) => e.type);

before(async () => {
  h = await startHarness('embed');
  if (SKIP_NODE) return;
  receiver = await startReceiver();
  await node.indexAuditEvents(INDEX, [['FAILED_LOGIN', 'alice', 5], ['FAILED_LOGIN', 'bob', 15], ['FAILED_LOGIN', 'mallory', 30]]);
  cs = await startClusterServer('embed');
  // A channel of the team (made through Monitor Studio, which records whose it is).
  const channel = await cs.api('POST', '/channels', { id: CHANNEL, name: `On-call ${CHANNEL}`, config_type: 'webhook', url: receiver.url });
  assert.equal(channel.status, 201, JSON.stringify(channel.body));
});

after(async () => {
  await h?.close();
  for (const host of hosts) await host.close();
  if (SKIP_NODE) return;
  await cs?.stop();
  for (const hit of await node.monitorsNamed(NAME).catch(() => [])) if (!monitorIds.includes(hit._id)) monitorIds.push(hit._id);
  await node.cleanup({ monitorIds, channel: CHANNEL, index: INDEX });
  await receiver?.close();
});

test('bad and expired links get the refusal page; other origins cannot frame', async () => {
  const host = await startHost();
  // An administrator registers the application on the Embedding page.
  const admin = await h.openPage('/embedding');
  await admin.getByLabel('Application name').fill('Refusals');
  await admin.getByLabel('Origins that may frame the pages').fill(host.base);
  await admin.getByRole('group', { name: 'Teams its links may act in' }).getByLabel('Default').check();
  await admin.getByRole('button', { name: 'Register application' }).click();
  const secret = (await admin.getByLabel('Signing secret').textContent({ timeout: 10_000 })).trim();
  const registered = await expectText(admin.getByRole('status').filter({ hasText: 'registered' }), /Its id \(the iss of its links\) is [0-9a-f]{32}\.$/);
  const app = { iss: registered.match(/([0-9a-f]{32})\.$/)[1], secret };
  await admin.getByRole('row').filter({ hasText: 'Refusals' }).getByRole('cell', { name: host.base }).waitFor();
  // A registration that names no team is refused, naming the field.
  await admin.getByLabel('Application name').fill('No teams');
  await admin.getByLabel('Origins that may frame the pages').fill(host.base);
  await admin.getByRole('group', { name: 'Teams its links may act in' }).getByLabel('Default').uncheck();
  await admin.getByRole('button', { name: 'Register application' }).click();
  await expectText(admin.locator('#f-teams-error'), /at least one team/);
  await h.screenshot(admin, 'embedding-page');
  const good = link(h.base, app, { page: 'monitors' });

  const expired = link(h.base, app, { page: 'monitors', iat: now() - 1200, exp: now() - 600 });
  let { frame } = await frameOf(host, expired.url, { hydrated: false });
  await expectText(frame.getByRole('heading', { level: 1 }), 'This embedded page cannot be shown');
  await expectText(frame.getByRole('alert'), /has expired/);

  const [head, , sig] = good.token.split('.');
  const tampered = `${h.base}/embed/monitors?token=${head}.${b64({ iss: app.iss, exp: now() + 600, team: 'default', page: 'monitors', grants: ['publish'] })}.${sig}`;
  ({ frame } = await frameOf(host, tampered, { hydrated: false }));
  await expectText(frame.getByRole('alert'), /signature is wrong/);

  // The good link works in its registered host, and says it is ready.
  const ok = await frameOf(host, good.url);
  await expectText(ok.frame.getByRole('heading', { level: 1 }), 'Monitors');
  await until(async () => assert.equal((await types(ok.page))[0], 'ready'));

  // Another origin (not registered) framing the same valid link: the browser refuses it.
  const stranger = await startHost();
  const page = await h.newPage();
  await page.goto(`${stranger.base}/frame?src=${encodeURIComponent(good.url)}`);
  await sleep(2_000);
  const embedded = page.frames().find((f) => f !== page.mainFrame());
  const shown = await embedded.evaluate(() => document.body?.innerText ?? '').catch(() => '');
  assert.match(embedded.url(), /^chrome-error:/, 'Chromium shows its own error page instead');
  assert.doesNotMatch(shown, /Monitors/, `the page must not render in a stranger's frame: ${embedded.url()}`);
  assert.deepEqual(await events(page), [], 'no event reaches an unregistered origin');
});

test('the authoring form: locked fields, events in order, resize, and a crafted request refused', { skip: SKIP_NODE, timeout: 180_000 }, async () => {
  const host = await startHost();
  const app = await register(cs, host.base, 'Catalogue', ['author', 'publish', 'acknowledge']);
  const params = { template: 'failed-logins', name: NAME, index: INDEX, channel: CHANNEL, interval_minutes: 1 };
  const { url, token } = link(cs.base, app, { page: 'create-monitor', grants: ['author', 'publish'], params, locked: ['index', 'channel'] });
  const { page, frame } = await frameOf(host, url);
  await until(async () => assert.deepEqual((await events(page)).slice(0, 2).map((e) => e.type), ['ready', 'resize']));

  // The iframe has the height of its content.
  await until(async () => {
    const reported = (await events(page)).filter((e) => e.type === 'resize').pop().height;
    const height = await page.locator('#embed').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(reported > 300, `the form is taller than the initial 120 px: ${reported}`);
    assert.equal(Math.round(height), reported);
  });
  await h.screenshot(page, 'create-monitor');

  // Locked parameters are shown, not editable; the others are.
  assert.equal(await frame.getByLabel('Index').inputValue(), INDEX);
  assert.ok(await frame.getByLabel('Index').isDisabled());
  assert.ok(await frame.getByLabel('Notification channel').isDisabled());
  assert.equal(await frame.getByLabel('Notification channel').inputValue(), CHANNEL);
  await expectText(frame.getByLabel('Notification channel').locator('option:checked'), `On-call ${CHANNEL}`);
  assert.equal(await frame.getByLabel('Monitor name').inputValue(), NAME);
  assert.ok(await frame.getByLabel('Monitor name').isEnabled());

  await frame.getByRole('button', { name: 'Save draft' }).click();
  await expectText(frame.getByRole('status').filter({ hasText: 'Draft saved' }), 'Draft saved.', { timeout: 15_000 });
  const saved = await until(async () => {
    const e = (await events(page)).find((x) => x.type === 'draft-saved');
    assert.ok(e?.draft_id, JSON.stringify(await events(page)));
    return e;
  });

  // A crafted request from inside the frame, with the frame's own token, cannot unlock the index.
  const inner = page.frames().find((f) => f.url().includes('/embed/create-monitor'));
  const crafted = await inner.evaluate(async ({ id, token }) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const draft = await (await fetch(`/api/v1/drafts/${id}`, { headers })).json();
    draft.document.indices = ['.opendistro-alerting-config'];
    const r = await fetch(`/api/v1/drafts/${id}`, { method: 'PUT', headers, body: JSON.stringify({ version: draft.version, document: draft.document }) });
    return { status: r.status, body: await r.json() };
  }, { id: saved.draft_id, token });
  assert.equal(crafted.status, 422, JSON.stringify(crafted.body));
  assert.ok(crafted.body.errors.indices, JSON.stringify(crafted.body));

  await frame.getByRole('button', { name: 'Create' }).click();
  await expectText(frame.getByRole('status').filter({ hasText: 'created' }), `Monitor \u201c${NAME}\u201d created.`, { timeout: 30_000 });
  const published = await until(async () => {
    const e = (await events(page)).find((x) => x.type === 'published');
    assert.ok(e?.monitor_id, JSON.stringify(await events(page)));
    return e;
  });
  monitorIds.push(published.monitor_id);
  const [hit] = await node.monitorsNamed(NAME);
  assert.equal(hit._id, published.monitor_id);
  const monitor = hit._source.monitor ?? hit._source;
  assert.deepEqual(monitor.inputs[0].search.indices, [INDEX]);
  assert.equal(monitor.triggers[0].query_level_trigger.actions[0].destination_id, CHANNEL);

  await frame.getByRole('button', { name: 'Cancel' }).click();
  await until(async () => assert.deepEqual(await types(page), ['ready', 'draft-saved', 'published', 'cancelled']));

  // The host's theme command, from its registered origin.
  await page.evaluate(() => window.command({ type: 'theme', theme: 'dark' }));
  await until(async () => assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark'));
  await page.evaluate(() => window.command({ type: 'accent', color: '#aa3300' }));
  const create = frame.getByRole('button', { name: 'Create' });
  await until(async () => assert.equal(await create.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(170, 51, 0)'));
  assert.equal(await create.evaluate((el) => getComputedStyle(el).color), 'rgb(255, 255, 255)', 'white reads better on a dark accent');
  // A command that is no colour is ignored.
  await page.evaluate(() => window.command({ type: 'accent', color: 'red; background: url(//evil)' }));
  await sleep(300);
  assert.equal(await frame.locator('html').evaluate((el) => el.style.getPropertyValue('--primary')), '#aa3300');
  await h.screenshot(page, 'create-monitor-dark');
});

test('the status card, the monitors list and the alerts, with acknowledge only where granted', { skip: SKIP_NODE, timeout: 240_000 }, async () => {
  const host = await startHost();
  const app = await register(cs, host.base, 'On-call', ['acknowledge']);
  if (!monitorIds.length) {
    const { body } = await cs.api('POST', '/drafts', { template: 'failed-logins' });
    const doc = { ...body.document, name: NAME, indices: [INDEX] };
    doc.triggers[0].actions[0].destination_id = CHANNEL;
    const saved = await cs.api('PUT', `/drafts/${body.id}`, { version: body.version, document: doc });
    const published = await cs.api('POST', `/drafts/${body.id}/publish`, { version: saved.body.version });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    monitorIds.push(published.body.monitor_id);
  }
  const monitorId = monitorIds[0];
  // Run it now rather than wait for its schedule: the run records its alert.
  await until(async () => {
    await node.call('POST', `/_plugins/_alerting/monitors/${monitorId}/_execute`);
    const alerts = await cs.api('GET', `/monitors/${monitorId}/alerts`);
    assert.ok(alerts.body.alerts.some((a) => a.state === 'ACTIVE'), JSON.stringify(alerts.body));
  }, { timeout: 90_000, interval: 3_000 });

  // The alerts list, read-only: no Acknowledge, and monitor names stay inside the frame.
  const readOnly = await frameOf(host, link(cs.base, app, { page: 'alerts' }).url);
  const groupRow = readOnly.frame.getByRole('row').filter({ hasText: NAME });
  await groupRow.waitFor({ timeout: 20_000 });
  assert.equal(await readOnly.frame.getByRole('button', { name: /^Acknowledge/ }).count(), 0);
  assert.equal(await groupRow.getByRole('link', { name: NAME }).count(), 0);

  // The monitors list, filtered by the link's name.
  const list = await frameOf(host, link(cs.base, app, { page: 'monitors', params: { name: NAME } }).url);
  await expectText(list.frame.getByRole('table').locator('caption'), '1 monitor(s)', { timeout: 20_000 });
  await list.frame.getByRole('cell', { name: NAME, exact: true }).waitFor();
  assert.equal(await list.frame.getByLabel('Search').count(), 0, 'the link decides the filter');

  // The status card, granted acknowledge.
  const card = await frameOf(host, link(cs.base, app, { page: 'monitor', monitor_id: monitorId, grants: ['acknowledge'] }).url);
  await expectText(card.frame.getByRole('heading', { level: 1 }), `${NAME} Triggered`, { timeout: 20_000 });
  const alerts = card.frame.getByRole('region', { name: 'Alerts' });
  await alerts.getByRole('checkbox', { name: /^Select alert of / }).first().check();
  await alerts.getByRole('button', { name: /^Acknowledge/ }).click();
  await expectText(alerts.getByRole('status').filter({ hasText: 'acknowledged' }), 'Successfully acknowledged 1 alert(s).', { timeout: 20_000 });
  await card.frame.getByRole('region', { name: 'History', exact: true }).waitFor();
  await h.screenshot(card.page, 'status-card');
  // The card's link opens only its monitor.
  const other = await card.page.frames().find((f) => f.url().includes('/embed/monitors/')).evaluate(async () => {
    const token = document.querySelector('meta[name=embed-token]').content;
    const r = await fetch('/api/v1/monitors', { headers: { authorization: `Bearer ${token}` } });
    return (await r.json()).monitors.map((m) => m.id);
  });
  assert.deepEqual(other, [monitorId], 'a status card sees its own monitor only');
});
