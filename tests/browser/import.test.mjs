// Import: a monitor made through the API (no ui_metadata) opens in the Extraction query
// editor with its query, as the Dashboards do.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, draftIdOf, expectValue, expectText, until } from './harness.mjs';

let h;
before(async () => { h = await startHarness('import'); });
after(async () => { await h?.close(); });

const QUERY = {
  size: 0,
  query: {
    bool: {
      filter: [
        { range: { '@timestamp': { gte: '{{period_end}}||-10m', lte: '{{period_end}}', format: 'epoch_millis' } } },
        { term: { 'audit_category.keyword': 'MISSING_PRIVILEGES' } },
      ],
    },
  },
};

// As GET _plugins/_alerting/monitors/<id> answers for a monitor created with curl.
const API_MONITOR = {
  _id: 'x1y2z3',
  _version: 3,
  monitor: {
    type: 'monitor',
    monitor_type: 'query_level_monitor',
    name: 'Made with curl',
    enabled: true,
    schedule: { period: { interval: 10, unit: 'MINUTES' } },
    inputs: [{ search: { indices: ['security-auditlog-*'], query: QUERY } }],
    triggers: [{
      query_level_trigger: {
        id: 't1',
        name: 'Many denials',
        severity: '2',
        condition: { script: { source: 'ctx.results[0].hits.total.value > 10', lang: 'painless' } },
        actions: [],
      },
    }],
  },
};

test('import: an API-made monitor opens in the Extraction query editor', async () => {
  const page = await h.openPage('/import');
  // Broken JSON is refused in place.
  await page.getByLabel('Monitor JSON', { exact: true }).fill('{"name": ');
  await page.getByRole('button', { name: 'Import' }).click();
  await expectText(page.getByRole('alert').filter({ hasText: 'Invalid JSON' }), /^Invalid JSON: /);
  assert.match(page.url(), /\/import$/);
  await h.screenshot(page, 'invalid-json');

  await page.getByLabel('Monitor JSON', { exact: true }).fill(JSON.stringify(API_MONITOR, null, 2));
  await h.screenshot(page, 'pasted');
  await page.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL(/\/drafts\/[^/]+$/);
  await h.hydrated(page);
  const id = draftIdOf(page);

  await expectValue(page.getByLabel('Monitor name'), 'Made with curl');
  await until(async () => assert.ok(await page.getByRole('radio', { name: 'Extraction query editor' }).isChecked()));
  assert.equal(await page.getByRole('radio', { name: 'Visual editor' }).isChecked(), false);
  const shown = page.getByLabel('Define extraction query');
  await until(async () => assert.deepEqual(JSON.parse(await shown.inputValue()), QUERY));
  await expectValue(page.getByLabel('Index', { exact: true }), 'security-auditlog-*');
  await expectValue(page.getByLabel('Run every'), '10');
  const trigger = page.getByRole('group', { name: 'Trigger 1: Many denials' });
  await expectValue(trigger.getByLabel('Severity level'), '2');
  await expectValue(trigger.getByLabel('Trigger condition'), 'ctx.results[0].hits.total.value > 10');
  await h.screenshot(page, 'imported');

  // The draft exports the same query back.
  const exported = (await h.api('GET', `/drafts/${id}/export`)).body.monitor;
  assert.deepEqual(exported.inputs[0].search.query, QUERY);
  assert.equal((exported.triggers[0].query_level_trigger ?? exported.triggers[0]).condition.script.source,
    'ctx.results[0].hits.total.value > 10');
  assert.deepEqual(page.crashes, []);
});
