// The Dashboards' three steps (Create monitor → Define trigger → Configure actions) for the
// "failed logins" monitor, autosaved as a draft, reloaded, and exported as monitor JSON.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, saveStatus, waitSaved, draftIdOf, expectValue, expectText, until, fillFailedLoginsQuery } from './harness.mjs';

let h;
before(async () => { h = await startHarness('authoring'); });
after(async () => { await h?.close(); });

const NAME = 'Audit Unauthorized Access Events';
const SUBJECT = 'Failed logins on {{ctx.monitor.name}}';
const MESSAGE = 'Monitor {{ctx.monitor.name}} saw {{ctx.results.0.hits.total.value}} failed logins.';

test('failed logins through the three steps: autosaved, reloaded, exported', async () => {
  const page = await h.openPage('/create-monitor');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Create monitor');
  await expectText(saveStatus(page), 'Not saved yet');
  await h.screenshot(page, '01-blank');

  // Step 1: Create monitor.
  await page.getByLabel('Monitor name').fill(NAME);
  // The Dashboards' defaults: a per query monitor, defined with the visual editor.
  await until(async () => assert.ok(await page.getByRole('radio', { name: /Per query monitor/ }).isChecked()));
  await until(async () => assert.ok(await page.getByRole('radio', { name: 'Visual editor' }).isChecked()));
  await page.getByLabel('Frequency').selectOption({ label: 'By interval' });
  await page.getByLabel('Run every').fill('1');
  await page.getByLabel('Unit', { exact: true }).selectOption({ label: 'Minutes' });
  await fillFailedLoginsQuery(page, 'security-auditlog-*');
  await waitSaved(page);
  // The first save created the draft and moved the URL to it (no navigation, no reload).
  const id = draftIdOf(page);
  assert.ok(id, `URL is /drafts/<id>, got ${page.url()}`);
  await h.screenshot(page, '02-monitor-details-saved');

  // Step 2: Define trigger.
  await page.getByRole('button', { name: 'Add trigger' }).click();
  const trigger = page.getByRole('group', { name: /^Trigger 1:/ });
  await trigger.getByLabel('Trigger name').fill('Too many failed logins');
  await until(async () => assert.equal(await page.getByRole('group', { name: 'Trigger 1: Too many failed logins' }).count(), 1));
  await trigger.getByLabel('Severity level').selectOption({ label: '1 (Highest)' });
  await trigger.getByLabel('Trigger condition').selectOption({ label: 'IS ABOVE' });
  await trigger.getByLabel('Threshold value').fill('1');
  await h.screenshot(page, '03-trigger');

  // Step 3: Configure actions.
  await trigger.getByRole('button', { name: 'Add action' }).click();
  const action = trigger.getByRole('group', { name: 'Action 1 of trigger 1' });
  await action.getByLabel('Action name').fill('Notify on-call');
  await action.getByLabel('Channel').fill('on-call');
  await action.getByLabel('Message subject').fill(SUBJECT);
  await action.getByLabel('Message', { exact: true }).fill(MESSAGE);
  await waitSaved(page);
  assert.equal(draftIdOf(page), id, 'later saves update the same draft');
  await h.screenshot(page, '04-action-saved');

  // The server has exactly what the page shows.
  const { status, body: draft } = await h.api('GET', `/drafts/${id}`);
  assert.equal(status, 200);
  assert.equal(draft.document.name, NAME);

  // Reload: every value is back.
  await page.reload();
  await h.hydrated(page);
  await expectValue(page.getByLabel('Monitor name'), NAME);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), NAME);
  await expectText(saveStatus(page), 'Saved');
  await expectValue(page.getByLabel('Frequency'), 'interval');
  await expectValue(page.getByLabel('Run every'), '1');
  await expectValue(page.getByLabel('Unit', { exact: true }), 'MINUTES');
  await expectValue(page.getByLabel('Index', { exact: true }), 'security-auditlog-*');
  await expectValue(page.getByLabel('Time field'), '@timestamp');
  await expectValue(page.getByLabel('Time range for the last'), '5');
  await expectValue(page.getByLabel('Time range unit'), 'm');
  const filterAfter = page.getByRole('group', { name: 'Data filter 1' });
  await expectValue(filterAfter.getByLabel('Field', { exact: true }), 'audit_category.keyword');
  await expectValue(filterAfter.getByLabel('Field type'), 'keyword');
  await expectValue(filterAfter.getByLabel('Operator'), 'is');
  await expectValue(filterAfter.getByLabel('Value'), 'FAILED_LOGIN');
  const triggerAfter = page.getByRole('group', { name: 'Trigger 1: Too many failed logins' });
  await expectValue(triggerAfter.getByLabel('Trigger name'), 'Too many failed logins');
  await expectValue(triggerAfter.getByLabel('Severity level'), '1');
  await expectValue(triggerAfter.getByLabel('Trigger condition'), 'ABOVE');
  await expectValue(triggerAfter.getByLabel('Threshold value'), '1');
  const actionAfter = triggerAfter.getByRole('group', { name: 'Action 1 of trigger 1' });
  await expectValue(actionAfter.getByLabel('Action name'), 'Notify on-call');
  await expectValue(actionAfter.getByLabel('Channel'), 'on-call');
  await expectValue(actionAfter.getByLabel('Message subject'), SUBJECT);
  await expectValue(actionAfter.getByLabel('Message', { exact: true }), MESSAGE);
  await h.screenshot(page, '05-reloaded');

  // The exported monitor is what the Dashboards' visual editor would post.
  const exported = await h.api('GET', `/drafts/${id}/export`);
  assert.equal(exported.status, 200, JSON.stringify(exported.body));
  const monitor = exported.body.monitor;
  assert.equal(monitor.name, NAME);
  assert.equal(monitor.monitor_type, 'query_level_monitor');
  assert.deepEqual(monitor.schedule, { period: { interval: 1, unit: 'MINUTES' } });
  const search = monitor.inputs[0].search;
  assert.deepEqual(search.indices, ['security-auditlog-*']);
  const filters = search.query.query.bool.filter;
  assert.deepEqual(filters[0], { range: { '@timestamp': { gte: '{{period_end}}||-5m', lte: '{{period_end}}', format: 'epoch_millis' } } });
  assert.deepEqual(filters[1], { term: { 'audit_category.keyword': 'FAILED_LOGIN' } });
  assert.equal(monitor.triggers.length, 1);
  const t = monitor.triggers[0].query_level_trigger ?? monitor.triggers[0];
  assert.equal(t.name, 'Too many failed logins');
  assert.equal(t.severity, '1');
  assert.equal(t.condition.script.source, 'ctx.results[0].hits.total.value > 1');
  assert.equal(t.actions.length, 1);
  assert.equal(t.actions[0].name, 'Notify on-call');
  assert.equal(t.actions[0].destination_id, 'on-call');
  assert.equal(t.actions[0].subject_template.source, SUBJECT);
  assert.equal(t.actions[0].message_template.source, MESSAGE);

  // "Export as JSON" in the page shows the same monitor.
  await page.getByRole('button', { name: 'Export as JSON' }).click();
  await until(async () => assert.deepEqual(JSON.parse(await page.getByLabel('Monitor JSON').inputValue()).inputs, monitor.inputs));
  await h.screenshot(page, '06-export-json');
  assert.deepEqual(page.crashes, []);
});
