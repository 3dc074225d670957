// A composite monitor authored in the form, by label: two of the team's monitors chosen by
// name as delegates, a trigger "the first alerted and the second did not", publish as the
// cluster's workflow, and on the monitor page the delegates in order with how each fared
// in a run, and the chained alert.
// Needs an OpenSearch node with the alerting and notifications plugins
// (MONITOR_STUDIO_TEST_CLUSTER_URL); skipped without one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitSaved, expectText, until } from './harness.mjs';
import { CLUSTER_URL, node, clusterStory, createMonitor } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const story = clusterStory('composite', {
  name: 'Events but no flood',
  // One event now, two 10 and 20 minutes ago: the backtest sees all three.
  events: [['FAILED_LOGIN', 'mallory', 30], ['FAILED_LOGIN', 'eve', 600], ['FAILED_LOGIN', 'bob', 1200]],
});

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Publishes a per query monitor over `index` through the API, from inside the signed-in
 * page: its trigger fires when more than `above` events fell in the 5 minutes before the run.
 */
async function publishDelegate(page, { name, index, above }) {
  return page.evaluate(async ({ name, index, above }) => {
    const headers = { 'content-type': 'application/json', 'x-csrf-token': document.querySelector('meta[name="csrf-token"]').content };
    const call = async (method, path, body) => {
      const r = await fetch(path, { method, headers, body: JSON.stringify(body) });
      const answer = await r.json();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(answer)}`);
      return answer;
    };
    const created = await call('POST', '/api/v1/drafts', { template: 'failed-logins' });
    const doc = { ...created.document, name, indices: [index], defining_method: 'query',
      extraction_query: '{"size": 0, "query": {"range": {"@timestamp": {"gte": "{{period_end}}||-5m", "lte": "{{period_end}}"}}}}' };
    doc.triggers = [{ ...doc.triggers[0], name: `More than ${above}`, script: `ctx.results[0].hits.total.value > ${above}`, actions: [] }];
    const saved = await call('PUT', `/api/v1/drafts/${created.id}`, { version: created.version, document: doc });
    return (await call('POST', `/api/v1/drafts/${created.id}/publish`, { version: saved.version })).monitor_id;
  }, { name, index, above });
}

test('a composite monitor chains two monitors and shows how each fared', { skip: SKIP, timeout: 300_000 }, async () => {
  const { h, cs, receiver, index: INDEX, channel: CHANNEL, name: NAME, monitorIds } = story;
  const page = await h.newPage();
  await page.goto(cs.base + '/monitors');
  await h.hydrated(page);
  const first = `${NAME}: any event`;
  const second = `${NAME}: a flood`;
  const m1 = await publishDelegate(page, { name: first, index: INDEX, above: 0 });
  const m2 = await publishDelegate(page, { name: second, index: INDEX, above: 100000 });
  monitorIds.push(m1, m2);

  await page.goto(cs.base + '/create-monitor');
  await h.hydrated(page);
  await page.getByLabel('Monitor name').fill(NAME);
  await page.getByRole('radio', { name: /^Composite monitor/ }).check();
  const delegates = page.getByRole('region', { name: 'Delegate monitors', exact: true });
  // No index and no query: a composite monitor runs its delegates.
  assert.equal(await page.getByLabel('Index', { exact: true }).count(), 0);
  await delegates.getByRole('button', { name: 'Add another monitor' }).click();
  await delegates.getByRole('group', { name: 'Delegate 1' }).getByLabel('Monitor 1').selectOption({ label: `${first} (Per query monitor)` });
  await delegates.getByRole('button', { name: 'Add another monitor' }).click();
  const row2 = delegates.getByRole('group', { name: 'Delegate 2' });
  // A monitor chosen in one row is not offered in another.
  const offered = await row2.getByLabel('Monitor 2').locator('option').allTextContents();
  assert.ok(!offered.includes(`${first} (Per query monitor)`), offered.join(' | '));
  await row2.getByLabel('Monitor 2').selectOption({ label: `${second} (Per query monitor)` });
  await expectText(delegates, /You can add up to 8 more monitors./);

  await page.getByRole('button', { name: 'Add trigger' }).click();
  await page.getByRole('group', { name: /^Trigger 1:/ }).getByLabel('Trigger name').fill('First alone');
  const trigger = page.getByRole('group', { name: 'Trigger 1: First alone' });
  // A new trigger chains every delegate with AND; the second row becomes AND NOT.
  const c2 = trigger.getByRole('group', { name: 'Condition 2' });
  assert.equal(await c2.getByLabel('Delegate monitor').inputValue(), m2);
  await c2.getByLabel('Operator').selectOption({ label: 'AND NOT' });
  await expectText(trigger, new RegExp(escape(`(monitor[id=${m1}] && !monitor[id=${m2}])`)));
  // The preview: each delegate dry-run now, and the condition over them.
  const preview = page.getByRole('region', { name: 'Preview delegate monitors' });
  await preview.getByRole('button', { name: 'Run', exact: true }).click();
  const runs = preview.getByRole('table', { name: 'Delegate monitors in this run' });
  await expectText(runs.getByRole('row').nth(1), new RegExp(`^1${escape(first)}YesMore than 0$`), { timeout: 20_000 });
  await expectText(runs.getByRole('row').nth(2), new RegExp(`^2${escape(second)}No\u2014$`));
  await expectText(preview.getByRole('status'), 'First alone: would trigger');
  await trigger.getByRole('button', { name: 'Add action' }).click();
  const action = trigger.getByRole('group', { name: 'Action 1 of trigger 1' });
  await action.getByLabel('Action name').fill('Tell the receiver');
  await action.getByLabel('Channel').fill(CHANNEL);
  await action.getByLabel('Message', { exact: true }).fill('{{ctx.monitor.name}} fired');
  // No message to render before publishing.
  assert.equal(await action.getByRole('button', { name: 'Send test message' }).count(), 0);
  assert.equal(await trigger.getByRole('button', { name: 'Preview condition response' }).count(), 0);
  await waitSaved(page);
  // The backtest: the delegates dry-run at every past minute, the expression over them.
  const backtest = page.getByRole('region', { name: 'Backtest' });
  await backtest.getByLabel('Over the last').selectOption({ label: '1 hour' });
  await backtest.getByRole('button', { name: 'Run backtest' }).click();
  await expectText(backtest.getByRole('status', { name: 'Backtest result' }), /^Would have fired 1[0-3] time\(s\) over the last 1 hour, first at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/, { timeout: 60_000 });
  await h.screenshot(page, 'composite-editor');

  const { id: workflowId, stored } = await createMonitor(page, story, { workflow: true });
  assert.deepEqual(stored.workflow.inputs[0].composite_input.sequence.delegates, [{ order: 1, monitor_id: m1 }, { order: 2, monitor_id: m2 }]);

  const table = page.getByRole('region', { name: 'Delegate monitors (2)' });
  await expectText(table.getByRole('row').nth(1), new RegExp(`^1${escape(first)}Per query monitorEnabled\\d0\u2014$`));
  // A run: both delegates run in order, only the first triggers, so the chain fires.
  const run = await node.call('POST', `/_plugins/_alerting/workflows/${encodeURIComponent(workflowId)}/_execute`);
  assert.equal(run.status, 200, JSON.stringify(run.body));
  await until(async () => {
    await page.reload();
    await expectText(page.getByRole('region', { name: 'Delegate monitors (2)' }).getByRole('row').nth(1), /Enabled\d1\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/, { timeout: 2_000 });
  }, { timeout: 60_000, interval: 2_000 });
  await expectText(page.getByRole('region', { name: 'Delegate monitors (2)' }).getByRole('row').nth(2), new RegExp(`^2${escape(second)}Per query monitorEnabled00\u2014$`));
  await expectText(page.getByRole('region', { name: 'Triggers (1)' }), new RegExp(escape(`monitor[id=${m1}] (${first})`)));
  await page.getByRole('region', { name: 'Alerts' }).getByRole('cell', { name: 'First alone' }).first().waitFor();
  await h.screenshot(page, 'composite-monitor-page');

  const body = await until(() => {
    const b = receiver.bodies.find((x) => x.includes(NAME));
    assert.ok(b, `receiver bodies: ${JSON.stringify(receiver.bodies)}`);
    return b;
  }, { timeout: 60_000, interval: 500 });
  assert.equal(body, `${NAME} fired`);
  assert.deepEqual(page.crashes, []);
});
