// Backtest in the editor, on the real node: a burst of failed logins 30 minutes ago; the
// draft backtested over the last hour says how often and when it would first have fired,
// lists those runs, and a long backtest can be cancelled. Needs an OpenSearch node
// (MONITOR_STUDIO_TEST_CLUSTER_URL); skipped without one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startHarness, expectText } from './harness.mjs';
import { CLUSTER_URL, node, unique, startClusterServer } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const INDEX = unique('security-auditlog');
let h;
let cs;

before(async () => {
  if (SKIP) return;
  await node.indexAuditEvents(INDEX, [['FAILED_LOGIN', 'mallory', 1800], ['FAILED_LOGIN', 'mallory', 1805], ['FAILED_LOGIN', 'mallory', 1810]]);
  cs = await startClusterServer('backtest');
  h = await startHarness('backtest');
  await signIn(h.context, cs.base);
});

after(async () => {
  if (SKIP) return;
  await h?.close();
  await cs?.stop();
  await node.cleanup({ index: INDEX });
});

test('a backtest says when the draft would have fired, and can be cancelled', { skip: SKIP, timeout: 120_000 }, async () => {
  const { body } = await cs.api('POST', '/drafts', { template: 'failed-logins' });
  const saved = await cs.api('PUT', `/drafts/${body.id}`, { version: body.version, document: { ...body.document, indices: [INDEX] } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const page = await h.newPage();
  await page.goto(`${cs.base}/drafts/${body.id}`);
  await h.hydrated(page);

  const panel = page.getByRole('region', { name: 'Backtest' });
  await panel.getByLabel('Over the last').selectOption({ label: '1 hour' });
  await panel.getByRole('button', { name: 'Run backtest' }).click();
  const result = panel.getByRole('status', { name: 'Backtest result' });
  const text = await expectText(result, /^Would have fired [56] time\(s\) over the last 1 hour, first at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/, { timeout: 30_000 });
  const times = Number(text.match(/fired (\d+) time/)[1]);
  const rows = panel.getByRole('table', { name: 'Runs that would have fired' }).getByRole('row');
  assert.equal(await rows.count(), times + 1, 'a row per run that fired, under the header');
  assert.match(await rows.nth(1).textContent(), /Too many failed logins\s*3/);
  await panel.getByRole('img', { name: /^Backtest runs from / }).waitFor();
  await h.screenshot(page, 'backtest');

  // Seven days is many parts: Cancel stops it where it is.
  await panel.getByLabel('Over the last').selectOption({ label: '7 days' });
  await panel.getByRole('button', { name: 'Run backtest' }).click();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expectText(panel.locator('p.muted').filter({ hasText: 'runs' }).first(), /\(cancelled\)$/);
  assert.equal(await panel.getByRole('button', { name: 'Run backtest' }).isEnabled(), true);
  assert.deepEqual(page.crashes, []);
});
