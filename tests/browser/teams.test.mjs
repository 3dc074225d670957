// Teams in the browser: the current team is in the top bar and switching it shows that
// team's drafts only; the Team page sets index patterns and adds a member with a role, by
// label and role, and what it saved is there after a reload.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startHarness, serverEnv, SERVER_BIN, expectText } from './harness.mjs';

let h;
before(async () => {
  h = await startHarness('teams');
});
after(async () => {
  await h?.close();
});

test('switching teams shows only that team, and its Team page manages members and patterns', async () => {
  const team = await h.api('POST', '/teams', { name: 'Payments' });
  assert.equal(team.status, 201, JSON.stringify(team.body));
  // A draft of the Default team (the administrator's token acts there).
  const draft = await h.api('POST', '/drafts', { template: 'failed-logins' });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const draftName = draft.body.document.name;
  execFileSync(SERVER_BIN, ['admin', 'create-user', 'carol', '--password-stdin'], {
    env: { ...serverEnv(h.server.port, h.server.dbPath), ...h.server.env },
    input: 'a long password for carol',
  });

  const page = await h.openPage('/');
  const switcher = page.getByLabel('Team', { exact: true });
  assert.equal(await switcher.locator('option:checked').textContent(), 'Default');
  await expectText(page.getByRole('table').first().getByRole('link', { name: draftName }).first(), draftName);
  await Promise.all([page.waitForEvent('load'), switcher.selectOption({ label: 'Payments' })]);
  await h.hydrated(page);
  assert.equal(await page.getByLabel('Team', { exact: true }).locator('option:checked').textContent(), 'Payments');
  await expectText(page.getByText(/No drafts yet/), /No drafts yet/);
  assert.equal(await page.getByRole('link', { name: draftName }).count(), 0, "the other team's draft is not listed");

  await page.getByRole('link', { name: 'Manage team' }).click();
  await expectText(page.getByRole('heading', { level: 1 }), 'Team Payments');
  await h.hydrated(page);
  await page.getByRole('textbox', { name: 'Index patterns' }).fill('payments-*\n.kibana');
  await page.getByRole('button', { name: 'Save index patterns' }).click();
  await expectText(page.getByRole('alert').filter({ hasText: 'index' }).first(), /not an index name/);
  await page.getByRole('textbox', { name: 'Index patterns' }).fill('payments-*');
  await page.getByRole('button', { name: 'Save index patterns' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'saved' }), 'Index patterns saved.');

  await page.getByLabel('Username').fill('carol');
  await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' });
  await page.getByRole('button', { name: 'Add member' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'carol' }), 'carol is now Viewer.');
  const row = page.getByRole('row').filter({ hasText: 'carol' });
  assert.equal(await row.getByLabel('Role of carol').locator('option:checked').textContent(), 'Viewer');

  // An administrator maps a single sign-on group to the team.
  await page.getByLabel('Group', { exact: true }).fill('payments-oncall');
  await page.getByLabel("Role of the group's members").selectOption({ label: 'Publisher' });
  await page.getByRole('button', { name: 'Map group' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'payments-oncall' }), 'Members of payments-oncall are now Publisher here.');
  await expectText(page.getByRole('listitem').filter({ hasText: 'payments-oncall' }), /payments-oncall: Publisher/);

  await page.reload();
  await h.hydrated(page);
  await expectText(page.getByRole('listitem').filter({ hasText: 'payments-oncall' }), /Publisher/);
  assert.equal(await page.getByRole('textbox', { name: 'Index patterns' }).inputValue(), 'payments-*');
  await expectText(page.getByRole('table').getByRole('row').filter({ hasText: 'carol' }), /carol/);
  const stored = await h.api('GET', '/teams');
  assert.ok(stored.body.some((t) => t.name === 'Payments'), JSON.stringify(stored.body));
  assert.deepEqual(page.crashes, []);
});
