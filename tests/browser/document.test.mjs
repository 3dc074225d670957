// A per document monitor authored in the visual editor, by label: two named queries, a
// condition over both, a dry run that lists each query's matches and the document that
// would trigger, publish, and on the real node the findings of new documents on the
// monitor page, with the document each one names.
// Needs an OpenSearch node with the alerting and notifications plugins
// (MONITOR_STUDIO_TEST_CLUSTER_URL); skipped without one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitSaved, expectText, until } from './harness.mjs';
import { CLUSTER_URL, node, clusterStory, createMonitor } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const TRIGGER = 'Mallory failed';
const story = clusterStory('document', {
  name: 'Failed logins of mallory',
  events: [['FAILED_LOGIN', 'mallory', 30], ['FAILED_LOGIN', 'eve', 20], ['AUTHENTICATED', 'mallory', 10]],
});

async function fillQuery(page, n, { name, field, value, tags }) {
  const row = page.getByRole('group', { name: `Query ${n}` });
  await row.getByLabel('Query name').fill(name);
  await row.getByLabel('Field', { exact: true }).fill(field);
  await row.getByLabel('Operator').selectOption({ label: 'is' });
  await row.getByLabel('Value').fill(value);
  if (tags) {
    await row.getByLabel('Tags').fill(tags);
    await row.getByLabel('Tags').press('Tab');
  }
  return row;
}

test('a per document monitor previews its matches and lists its findings', { skip: SKIP, timeout: 300_000 }, async () => {
  const { h, cs, receiver, index: INDEX, channel: CHANNEL, name: NAME } = story;
  const page = await h.newPage();
  await page.goto(cs.base + '/create-monitor');
  await h.hydrated(page);

  await page.getByLabel('Monitor name').fill(NAME);
  await page.getByRole('radio', { name: /^Per document monitor/ }).check();
  await page.getByLabel('Index', { exact: true }).fill(INDEX);
  await page.getByLabel('Index', { exact: true }).press('Tab');
  // No time range: a per document monitor reads the documents new since its last run,
  // so there is no past to backtest either.
  assert.equal(await page.getByLabel('Time field').count(), 0);
  await page.getByText(/^Per query and per bucket monitors can be backtested, and composite monitors of them/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Run backtest' }).isDisabled(), true);

  await page.getByRole('button', { name: 'Add query' }).click();
  const first = await fillQuery(page, 1, { name: 'failed login', field: 'audit_category', value: 'FAILED_LOGIN', tags: 'auth' });
  // A field's error shows once it was visited.
  await first.getByLabel('Query name').focus();
  await first.getByLabel('Query name').press('Tab');
  await first.getByText('Cannot contain spaces.').waitFor();
  await first.getByLabel('Query name').fill('failed_login');
  await until(async () => assert.equal(await first.getByText('Cannot contain spaces.').count(), 0));
  await expectText(first, /Query: audit_category:"FAILED_LOGIN"/);
  await page.getByRole('button', { name: 'Add another query' }).click();
  await fillQuery(page, 2, { name: 'mallory', field: 'audit_request_effective_user', value: 'mallory' });

  await page.getByRole('button', { name: 'Add trigger' }).click();
  await page.getByRole('group', { name: /^Trigger 1:/ }).getByLabel('Trigger name').fill(TRIGGER);
  const trigger = page.getByRole('group', { name: `Trigger 1: ${TRIGGER}` });
  // A new trigger names the first query; a second condition joins with AND.
  const c1 = trigger.getByRole('group', { name: 'Condition 1' });
  assert.equal(await c1.getByLabel('Query or tag').inputValue(), 'name=failed_login');
  await trigger.getByRole('button', { name: 'Add condition' }).click();
  const c2 = trigger.getByRole('group', { name: 'Condition 2' });
  await c2.getByLabel('AND/OR').selectOption({ label: 'AND' });
  await c2.getByLabel('Query or tag').selectOption({ label: 'Query: mallory' });
  await expectText(trigger, /query\[name=failed_login\] && query\[name=mallory\]/);

  await trigger.getByRole('button', { name: 'Add action' }).click();
  const action = trigger.getByRole('group', { name: 'Action 1 of trigger 1' });
  await action.getByLabel('Action name').fill('Tell the receiver');
  await action.getByLabel('Channel').fill(CHANNEL);
  // Per execution is a per document action's default, and it is never throttled.
  assert.equal(await action.getByRole('radio', { name: 'Per execution' }).isChecked(), true);
  assert.equal(await action.getByLabel('Enable action throttling').count(), 0);
  await action.getByRole('radio', { name: 'Per alert' }).check();
  assert.equal(await action.getByLabel('Enable action throttling').count(), 0);
  await action.getByRole('radio', { name: 'Per execution' }).check();
  await action.getByLabel('Message', { exact: true }).fill('{{ctx.monitor.name}}: {{ctx.alerts.size}} alert(s)');
  await waitSaved(page);

  // The dry run: each query's matches among the latest documents, and the one that meets both.
  const queryPreview = page.getByRole('region', { name: 'Preview query and performance' });
  await queryPreview.getByRole('button', { name: 'Run', exact: true }).click();
  const table = queryPreview.getByRole('table', { name: 'Query matches among the latest documents' });
  await table.waitFor({ timeout: 20_000 });
  await expectText(table.getByRole('row').filter({ hasText: 'failed_login' }).getByRole('cell').nth(1), '2');
  await expectText(table.getByRole('row').filter({ hasText: 'mallory' }).getByRole('cell').nth(1), '2');
  await trigger.getByRole('button', { name: 'Preview condition response' }).click();
  await expectText(trigger.getByRole('status').filter({ hasText: 'Trigger condition response' }), 'Trigger condition response: 1 document(s) would trigger', { timeout: 20_000 });
  await trigger.getByRole('list', { name: 'Documents that would trigger 1' }).waitFor();
  await h.screenshot(page, 'document-previews');

  const { id: monitorId, stored } = await createMonitor(page, story);
  assert.equal(stored.monitor.monitor_type, 'doc_level_monitor');
  assert.deepEqual(stored.monitor.inputs[0].doc_level_input.queries.map((q) => [q.name, q.query, q.tags]),
    [['failed_login', 'audit_category:"FAILED_LOGIN"', ['auth']], ['mallory', 'audit_request_effective_user:"mallory"', []]]);

  const findings = page.getByRole('region', { name: 'Findings' });
  await expectText(findings, /No findings yet/);
  // New documents after the monitor, then a run within seconds.
  await node.runSoon(monitorId);
  await node.indexAuditEvents(INDEX, [['FAILED_LOGIN', 'mallory', 2], ['AUTHENTICATED', 'bob', 1]]);
  await until(async () => {
    await findings.getByRole('table', { name: '1 finding(s)' }).waitFor({ timeout: 2_000 });
  }, { timeout: 120_000, interval: 2_000 });
  const row = findings.getByRole('row').nth(1);
  await expectText(row, /failed_login \(auth\); mallory|mallory; failed_login \(auth\)/);
  await row.locator('summary').click();
  await expectText(row.locator('pre'), /"audit_request_effective_user": "mallory"/);
  await h.screenshot(page, 'document-findings');
  // The history's zoom: in from the default two days, and out again.
  const zoom = page.getByRole('group', { name: 'Zoom and pan' });
  await zoom.getByRole('button', { name: 'Zoom in', exact: true }).click();
  await page.getByText(/^From \d{4}-\d\d-\d\d .+ to .+\.$/).waitFor();
  assert.equal(await zoom.getByRole('button', { name: 'Zoom out', exact: true }).isEnabled(), true);
  await zoom.getByRole('button', { name: 'Zoom out', exact: true }).click();

  const body = await until(() => {
    const b = receiver.bodies.find((x) => x.includes(NAME));
    assert.ok(b, `receiver bodies: ${JSON.stringify(receiver.bodies)}`);
    return b;
  }, { timeout: 60_000, interval: 500 });
  assert.match(body, /1 alert\(s\)/);
  assert.deepEqual(page.crashes, []);
});
