// A per cluster metrics monitor authored by label: the request type, its optional path
// parameters, the dry run's response (the cluster's health), and the trigger condition
// that starts from the request type's. Needs an OpenSearch node
// (MONITOR_STUDIO_TEST_CLUSTER_URL); skipped without one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, expectValue, until, waitSaved } from './harness.mjs';
import { CLUSTER_URL, clusterStory } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node: MONITOR_STUDIO_TEST_CLUSTER_URL unset';
const story = clusterStory('cluster-metrics', { name: 'Cluster health', events: [['AUTHENTICATED', 'alice', 5]] });

test('a cluster health monitor shows the response and starts from its condition', { skip: SKIP, timeout: 120_000 }, async () => {
  const { h, cs, name: NAME } = story;
  const page = await h.newPage();
  await page.goto(cs.base + '/create-monitor');
  await h.hydrated(page);

  await page.getByLabel('Monitor name').fill(NAME);
  await page.getByRole('radio', { name: /^Per cluster metrics monitor/ }).check();
  // No indices, no defining method: the request type is the query.
  assert.equal(await page.getByLabel('Index', { exact: true }).count(), 0);
  assert.equal(await page.getByRole('radio', { name: /^Visual editor/ }).count(), 0);
  await page.getByLabel('Request type').selectOption({ label: 'List snapshots' });
  await page.getByLabel('Path parameters', { exact: true }).waitFor();
  await page.getByLabel('Request type').selectOption({ label: 'Cluster health' });
  const params = page.getByLabel('Path parameters - optional');
  await params.fill('bad param');
  await params.press('Tab');
  await page.getByText(/^The provided path parameters contain invalid characters or spaces/).waitFor();
  await params.fill('');

  await page.getByRole('button', { name: 'Add trigger' }).click();
  const trigger = page.getByRole('group', { name: /^Trigger 1:/ });
  await expectValue(trigger.getByLabel('Trigger condition'), 'ctx.results[0].status != "green"');
  await trigger.getByLabel('Trigger condition').fill('ctx.results[0].status == "red"');
  await waitSaved(page);

  const queryPreview = page.getByRole('region', { name: 'Preview query and performance' });
  await queryPreview.getByRole('button', { name: 'Run', exact: true }).click();
  const response = queryPreview.getByLabel('Response');
  await until(async () => assert.match(await response.inputValue({ timeout: 1_000 }), /"status": "(green|yellow)"/), { timeout: 20_000, interval: 250 });
  await trigger.getByRole('button', { name: 'Preview condition response' }).click();
  await expectText(trigger.getByRole('status').filter({ hasText: 'Trigger condition response' }), 'Trigger condition response: false', { timeout: 20_000 });
  await h.screenshot(page, 'cluster-metrics');
  assert.deepEqual(page.crashes, []);
});
