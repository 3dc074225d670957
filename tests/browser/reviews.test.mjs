// Four-eyes publish in the browser: in a team whose publishing needs approval, an editor's
// "Request review" freezes the draft's version with a message; a publisher finds it under
// Reviews → "Waiting for me", sees what it changes and rejects it with a comment; the
// draft's History shows who did what. By label and role, two people in two browsers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startHarness, serverEnv, SERVER_BIN, expectText } from './harness.mjs';

let h;
before(async () => {
  h = await startHarness('reviews');
});
after(async () => {
  await h?.close();
});

test('an editor asks for review, a publisher rejects it with a comment, the history tells both', async () => {
  // The administrator's token acts in the Default team: make it a four-eyes team with an editor.
  const settings = await h.api('PUT', '/team', { index_patterns: [], publish_needs_approval: true });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  execFileSync(SERVER_BIN, ['admin', 'create-user', 'erin', '--password-stdin'], {
    env: { ...serverEnv(h.server.port, h.server.dbPath), ...h.server.env },
    input: 'a long password for erin',
  });
  assert.equal((await h.api('PUT', '/team/members/erin', { role: 'editor' })).status, 200);
  const template = await h.api('POST', '/drafts', { template: 'failed-logins' });
  const document = { ...template.body.document, name: 'Reviewed failed logins' };
  document.triggers[0].actions = [];
  const saved = await h.api('PUT', `/drafts/${template.body.id}`, { version: 1, document });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const id = template.body.id;

  // Erin, in her own browser, asks for review from the editor.
  const erinContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await erinContext.newPage();
  await signIn.goto(`${h.base}/sign-in`);
  await signIn.getByLabel('Username').fill('erin');
  await signIn.getByLabel('Password').fill('a long password for erin');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await signIn.waitForURL(`${h.base}/`);
  const erin = await h.openPage(`/drafts/${id}`, signIn);
  await expectText(erin.getByText(/needs approval/).first(), /a publisher who is not you/);
  await erin.getByLabel('Describe this change (optional)').fill('first cut of the failed logins monitor');
  await erin.getByRole('button', { name: 'Request review' }).click();
  await expectText(erin.getByRole('status').filter({ hasText: 'Review requested' }), /A publisher who is not you approves it/);

  // The administrator (a publisher who is not the author) finds it waiting and rejects it.
  const page = await h.openPage('/reviews');
  await page.getByLabel('Waiting for me').check();
  await page.getByRole('link', { name: 'Reviewed failed logins' }).click();
  await expectText(page.getByRole('heading', { level: 1 }), /Review of .Reviewed failed logins./);
  await h.hydrated(page);
  await expectText(page.getByRole('heading', { name: 'A new monitor' }), 'A new monitor');
  await expectText(page.getByLabel('Changes'), /name: \(none\) → "Reviewed failed logins"/);
  await expectText(page.getByText('first cut of the failed logins monitor'), /first cut/);
  await page.getByLabel('Comment').fill('the threshold is too low');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'Rejected' }), /the author sees your comment/);
  await expectText(page.locator('dd').filter({ hasText: 'the threshold is too low' }), 'the threshold is too low');
  assert.equal(await page.getByRole('button', { name: 'Approve and publish' }).count(), 0, 'decided once');

  // Erin's draft history: her request, the rejection, with who and what they said.
  const history = await h.openPage(`/drafts/${id}/history`, erin);
  const rejected = history.getByRole('row').filter({ hasText: 'Rejected' });
  await expectText(rejected, /admin.*the threshold is too low/);
  await expectText(history.getByRole('row').filter({ hasText: 'Review requested' }), /erin.*first cut/);
  // Compare two revisions.
  await history.getByLabel('From revision').selectOption({ label: 'Revision 1' });
  await history.getByLabel('To revision').selectOption({ label: 'Revision 2' });
  await history.getByRole('button', { name: 'Compare' }).click();
  await expectText(history.getByLabel('Changes'), /name: .* → "Reviewed failed logins"/);

  // Erin saves the draft as a team template; the gallery offers it to the team.
  const editor = await h.openPage(`/drafts/${id}`, erin);
  await editor.getByLabel('Template name').fill('Reviewed baseline');
  await editor.getByRole('button', { name: 'Save as team template' }).click();
  await expectText(editor.getByRole('status').filter({ hasText: 'team template' }), /Saved as the team template .Reviewed baseline./);
  const gallery = await h.openPage('/', page);
  await expectText(gallery.getByRole('region', { name: 'Start from a template' }), /Team template, by erin/);
  await gallery.getByRole('button', { name: 'Use template Reviewed baseline' }).waitFor();
  assert.deepEqual(page.crashes, []);
  await erinContext.close();
});
