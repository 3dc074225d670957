// The server goes away while a page is open: the edit stays in the page, the status says
// the save failed, and once the server is back (same port, same database) the retry saves it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, saveStatus, waitSaved, expectValue, expectText } from './harness.mjs';

let h;
before(async () => { h = await startHarness('outage'); });
after(async () => { await h?.close(); });

test('server outage: failure is shown, the retry saves after a restart', async () => {
  const created = await h.api('POST', '/drafts', { template: 'failed-logins' });
  assert.equal(created.status, 201);
  const { id } = created.body;
  const page = await h.openPage(`/drafts/${id}`);
  await expectValue(page.getByLabel('Monitor name'), 'Failed logins');

  await h.server.stop();
  await page.getByLabel('Monitor name').fill('Edited while the server was down');
  await expectText(saveStatus(page), /did not answer/, { timeout: 10_000 });
  await h.screenshot(page, 'server-down');
  // Still usable: the edit is in the page, more edits are accepted.
  await expectValue(page.getByLabel('Monitor name'), 'Edited while the server was down');
  await page.getByLabel('Time field').fill('event_time');
  await expectText(saveStatus(page), /did not answer/, { timeout: 10_000 });
  assert.deepEqual(page.crashes, []);

  await h.server.start();
  await waitSaved(page, 20_000);
  await h.screenshot(page, 'server-back');
  const { body } = await h.api('GET', `/drafts/${id}`);
  assert.equal(body.document.name, 'Edited while the server was down');
  assert.equal(body.document.time_field, 'event_time');
  assert.equal(body.version, 2, 'one save after the outage, no duplicate draft');
  assert.equal((await h.api('GET', '/drafts')).body.total, 1);
  assert.deepEqual(page.crashes, []);
});
