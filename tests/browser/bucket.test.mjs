// A per bucket monitor authored in the visual editor, by label: failed logins grouped by
// user, a trigger per bucket, previews that list the buckets and the one that would
// trigger, publish, and on the real node one alert for that bucket only, shown on the
// monitor page with its group-by value and announced to the webhook.
// Needs an OpenSearch node with the alerting and notifications plugins
// (MONITOR_STUDIO_TEST_CLUSTER_URL); skipped without one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitSaved, expectText, until, fillFailedLoginsQuery } from './harness.mjs';
import { CLUSTER_URL, node, clusterStory, createMonitor } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const TRIGGER = 'Repeated failures';
const USER_FIELD = 'audit_request_effective_user.keyword';
// mallory fails three times, bob and alice once: only mallory's bucket is above 1.
const story = clusterStory('bucket', {
  name: 'Failed logins per user',
  events: [
    ['FAILED_LOGIN', 'mallory', 5], ['FAILED_LOGIN', 'mallory', 20], ['FAILED_LOGIN', 'mallory', 40],
    ['FAILED_LOGIN', 'bob', 10], ['FAILED_LOGIN', 'alice', 15], ['AUTHENTICATED', 'alice', 12],
  ],
});

test('a per bucket monitor fires for the one bucket over its threshold', { skip: SKIP, timeout: 300_000 }, async () => {
  const { h, cs, receiver, index: INDEX, channel: CHANNEL, name: NAME } = story;
  const page = await h.newPage();
  await page.goto(cs.base + '/create-monitor');
  await h.hydrated(page);

  await page.getByLabel('Monitor name').fill(NAME);
  await page.getByRole('radio', { name: /^Per bucket monitor/ }).check();
  await fillFailedLoginsQuery(page, INDEX);
  // Group by is required for a per bucket monitor, up to two fields.
  await page.getByRole('button', { name: 'Add group by' }).click();
  await page.getByRole('group', { name: 'Group by 1' }).getByLabel('Group by field').fill(USER_FIELD);

  await page.getByRole('button', { name: 'Add trigger' }).click();
  await page.getByRole('group', { name: /^Trigger 1:/ }).getByLabel('Trigger name').fill(TRIGGER);
  const trigger = page.getByRole('group', { name: `Trigger 1: ${TRIGGER}` });
  const condition = trigger.getByRole('group', { name: 'Condition 1' });
  await condition.getByLabel('Metric').selectOption({ label: 'Count of documents' });
  await condition.getByLabel('Threshold').selectOption({ label: 'IS ABOVE' });
  await condition.getByLabel('Value').fill('1');

  await trigger.getByRole('button', { name: 'Add action' }).click();
  const action = trigger.getByRole('group', { name: 'Action 1 of trigger 1' });
  await action.getByLabel('Action name').fill('Tell the receiver');
  await action.getByLabel('Channel').fill(CHANNEL);
  // Per alert, for new and de-duplicated alerts, is the default of bucket monitors.
  assert.equal(await action.getByRole('radio', { name: 'Per alert' }).isChecked(), true);
  assert.equal(await action.getByLabel('De-duplicated').isChecked(), true);
  assert.equal(await action.getByLabel('New').isChecked(), true);
  assert.equal(await action.getByLabel('Completed').isChecked(), false);
  // Per execution has no throttling; per alert has.
  await action.getByRole('radio', { name: 'Per execution' }).check();
  assert.equal(await action.getByLabel('Enable action throttling').count(), 0);
  await action.getByRole('radio', { name: 'Per alert' }).check();
  await action.getByLabel('Enable action throttling').waitFor();
  await action.getByLabel('Message', { exact: true }).fill('{{ctx.monitor.name}} new: {{#ctx.newAlerts}}[{{bucket_keys}}]{{/ctx.newAlerts}}');
  await waitSaved(page);

  // The preview lists every bucket, and the trigger the one that would fire.
  const queryPreview = page.getByRole('region', { name: 'Preview query and performance' });
  await queryPreview.getByRole('button', { name: 'Run', exact: true }).click();
  const table = queryPreview.getByRole('table', { name: 'Buckets (3)' });
  await table.waitFor({ timeout: 20_000 });
  await expectText(table.getByRole('row').filter({ hasText: 'mallory' }).getByRole('cell').nth(1), '3');
  await trigger.getByRole('button', { name: 'Preview condition response' }).click();
  await expectText(trigger.getByRole('status').filter({ hasText: 'Trigger condition response' }), 'Trigger condition response: 1 bucket(s) would trigger', { timeout: 20_000 });
  await expectText(trigger.getByRole('list', { name: 'Buckets that would trigger 1' }), 'mallory');
  await h.screenshot(page, 'bucket-previews');

  // What the node stores is the Dashboards' bucket-selector JSON.
  const { id: monitorId, stored } = await createMonitor(page, story);
  assert.equal(stored.monitor.monitor_type, 'bucket_level_monitor');
  const condition0 = stored.monitor.triggers[0].bucket_level_trigger.condition;
  assert.equal(condition0.parent_bucket_path, 'composite_agg');
  assert.deepEqual(condition0.buckets_path, { _count: '_count' });
  assert.equal(condition0.script.source, 'params._count > 1');
  assert.deepEqual(stored.monitor.ui_metadata.triggers[TRIGGER], [{ value: 1, enum: 'ABOVE' }]);

  // The scheduler runs it within seconds: one active alert, for mallory's bucket only.
  await node.runSoon(monitorId);
  const alerts = page.getByRole('region', { name: 'Alerts' });
  const row = alerts.getByRole('row').filter({ hasText: 'mallory' });
  let lastReload = Date.now();
  await until(async () => {
    if (Date.now() - lastReload > 30_000) {
      lastReload = Date.now();
      await page.reload();
      await h.hydrated(page);
    }
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor({ timeout: 1_000 });
  }, { timeout: 180_000, interval: 2_000 });
  await alerts.getByRole('columnheader', { name: USER_FIELD }).waitFor();
  assert.equal(await alerts.getByRole('row').filter({ hasText: 'bob' }).count(), 0);
  await h.screenshot(page, 'bucket-monitor-page');

  const { body: onNode } = await node.call('GET', `/_plugins/_alerting/monitors/alerts?monitorId=${encodeURIComponent(monitorId)}`);
  const active = onNode.alerts.filter((a) => a.state === 'ACTIVE');
  assert.deepEqual(active.map((a) => a.agg_alert_content?.bucket_keys), [['mallory']]);

  const body = await until(() => {
    const b = receiver.bodies.find((x) => x.includes(NAME));
    assert.ok(b, `receiver bodies: ${JSON.stringify(receiver.bodies)}`);
    return b;
  }, { timeout: 60_000, interval: 500 });
  assert.match(body, /new: \[mallory\]/);
  assert.deepEqual(page.crashes, []);
});
