// The drafts page: list, search, rename, duplicate, history and restore, delete with
// confirmation, and the templates gallery.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, waitSaved, draftIdOf, expectValue, expectText, expectCount, until } from './harness.mjs';

let h;
before(async () => { h = await startHarness('drafts'); });
after(async () => { await h?.close(); });

/** Creates a draft through the editor: name first (revision 1), then the index (revision 2). */
async function createInEditor(name, index) {
  const page = await h.openPage('/create-monitor');
  await page.getByLabel('Monitor name').fill(name);
  await waitSaved(page);
  await page.getByLabel('Index', { exact: true }).fill(index);
  await page.getByLabel('Index', { exact: true }).press('Tab');
  await until(async () => {
    const d = (await h.api('GET', `/drafts/${draftIdOf(page)}`)).body;
    assert.deepEqual(d.document.indices, [index]);
  });
  const id = draftIdOf(page);
  await page.close();
  return id;
}

const row = (page, name) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
// The page's own status line (the top bar has the cluster status).
const statusLine = (page) => page.getByRole('main').getByRole('status');

test('drafts page: list, search, rename, duplicate, history, restore, delete', async () => {
  const auditId = await createInEditor('Audit Unauthorized Access Events', 'security-auditlog-*');
  await createInEditor('Disk usage', 'metrics-*');

  const page = await h.openPage('/');
  await expectCount(page.getByRole('row'), 3); // header + 2
  await expectCount(page.getByRole('table', { name: '2 draft(s)' }), 1); // the caption names the table
  assert.equal(await row(page, 'Audit Unauthorized Access Events').count(), 1);
  await h.screenshot(page, 'list');

  // Search by name, then by index.
  // (The old list stays on screen while the new one loads: wait for the rows themselves.)
  await page.getByLabel('Search drafts').fill('unauthorized');
  await expectCount(row(page, 'Disk usage'), 0);
  await expectCount(row(page, 'Audit Unauthorized Access Events'), 1);
  await expectCount(page.getByRole('row'), 2);
  await page.getByLabel('Search drafts').fill('metrics');
  await expectCount(row(page, 'Audit Unauthorized Access Events'), 0);
  await expectCount(row(page, 'Disk usage'), 1);
  await expectCount(page.getByRole('row'), 2);
  await page.getByLabel('Search drafts').fill('no such draft');
  // No match: no table, no rows (the page then says "No drafts yet…", see the report).
  await expectCount(page.getByRole('table'), 0);
  await expectCount(page.getByRole('link', { name: 'Disk usage', exact: true }), 0);
  await page.getByLabel('Search drafts').fill('');
  await expectCount(page.getByRole('row'), 3);
  await expectCount(row(page, 'Audit Unauthorized Access Events'), 1);

  // Rename.
  await row(page, 'Audit Unauthorized Access Events').getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('Audit events (renamed)');
  await h.screenshot(page, 'renaming');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expectText(statusLine(page), 'Draft renamed.');
  await expectCount(row(page, 'Audit events (renamed)'), 1);
  assert.equal((await h.api('GET', `/drafts/${auditId}`)).body.document.name, 'Audit events (renamed)');

  // Duplicate.
  await row(page, 'Audit events (renamed)').getByRole('button', { name: 'Duplicate' }).click();
  await expectText(statusLine(page), /^Duplicated as “.+”\.$/);
  await expectCount(page.getByRole('row'), 4);
  const list = (await h.api('GET', '/drafts')).body;
  assert.equal(list.total, 3);
  const copy = list.drafts.find((d) => d.id !== auditId && d.name.startsWith('Audit events (renamed)'));
  assert.ok(copy, `a copy is listed: ${JSON.stringify(list.drafts.map((d) => d.name))}`);
  assert.deepEqual(copy.indices, ['security-auditlog-*']);
  await h.screenshot(page, 'duplicated');

  // History: revisions 1 (name), 2 (index), 3 (rename); restore 1.
  await row(page, 'Audit events (renamed)').getByRole('link', { name: 'History' }).click();
  await page.waitForURL(`**/drafts/${auditId}/history`);
  await expectCount(page.getByRole('button', { name: /^Restore revision \d+$/ }), 3);
  await page.getByRole('button', { name: 'View revision 1' }).click();
  await page.getByRole('heading', { name: 'Revision 1' }).waitFor();
  await h.screenshot(page, 'history');
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await expectText(statusLine(page), 'Revision 1 restored as version 4.');
  await expectCount(page.getByRole('button', { name: /^Restore revision \d+$/ }), 4);
  const restored = (await h.api('GET', `/drafts/${auditId}`)).body;
  assert.equal(restored.version, 4);
  assert.equal(restored.document.name, 'Audit Unauthorized Access Events');
  assert.deepEqual(restored.document.indices, []);
  await h.screenshot(page, 'history-restored');
  // Back in the editor, the restored revision is what shows.
  await page.getByRole('link', { name: 'Back to the draft' }).click();
  await page.waitForURL(`**/drafts/${auditId}`);
  await expectValue(page.getByLabel('Monitor name'), 'Audit Unauthorized Access Events');

  // Delete, with confirmation.
  await h.openPage('/', page);
  await row(page, 'Disk usage').getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete draft “Disk usage”?' });
  await dialog.waitFor();
  await h.screenshot(page, 'delete-dialog');
  // Cancel first: nothing happens.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expectCount(dialog, 0);
  await expectCount(row(page, 'Disk usage'), 1);
  await row(page, 'Disk usage').getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete draft' }).click();
  await expectText(statusLine(page), 'Draft “Disk usage” deleted.');
  await expectCount(row(page, 'Disk usage'), 0);
  await expectCount(page.getByRole('row'), 3);
  assert.ok(!(await h.api('GET', '/drafts')).body.drafts.some((d) => d.name === 'Disk usage'));
  assert.deepEqual(page.crashes, []);
});

test('templates gallery: "Use template Failed logins" opens a filled draft', async () => {
  const page = await h.openPage('/');
  await page.getByRole('button', { name: 'Use template Failed logins' }).click();
  await page.waitForURL(/\/drafts\/[^/]+$/);
  await h.hydrated(page);
  await expectValue(page.getByLabel('Monitor name'), 'Failed logins');
  await expectValue(page.getByLabel('Index', { exact: true }), 'security-auditlog-*');
  await expectValue(page.getByLabel('Time field'), '@timestamp');
  await expectValue(page.getByLabel('Time range for the last'), '5');
  await expectValue(page.getByLabel('Time range unit'), 'm');
  const filter = page.getByRole('group', { name: 'Data filter 1' });
  await expectValue(filter.getByLabel('Field', { exact: true }), 'audit_category.keyword');
  await expectValue(filter.getByLabel('Value'), 'FAILED_LOGIN');
  const trigger = page.getByRole('group', { name: 'Trigger 1: Too many failed logins' });
  await expectValue(trigger.getByLabel('Severity level'), '1');
  await expectValue(trigger.getByLabel('Threshold value'), '1');
  await expectValue(trigger.getByLabel('Action name'), 'Notify on-call');
  await h.screenshot(page, 'template-failed-logins');
  const id = draftIdOf(page);
  const exported = (await h.api('GET', `/drafts/${id}/export`)).body.monitor;
  assert.equal(exported.name, 'Failed logins');
  assert.deepEqual(exported.inputs[0].search.indices, ['security-auditlog-*']);
  assert.deepEqual(page.crashes, []);
});
