// Four-eyes publish to the real node in the browser: an editor asks for review, a
// publisher who is not the author approves on the review page, and that exact version is
// then the monitor on the node. Skipped without a node (MONITOR_STUDIO_TEST_CLUSTER_URL).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { signIn, startHarness, SERVER_BIN, expectText } from './harness.mjs';
import { CLUSTER_URL, node, unique, startClusterServer } from './cluster.mjs';

const SKIP = CLUSTER_URL ? false : 'no OpenSearch node (MONITOR_STUDIO_TEST_CLUSTER_URL unset; scripts/test starts one)';
const NAME = unique('Approved failed logins');
let h;
let cs;
const monitorIds = [];

before(async () => {
  if (SKIP) return;
  cs = await startClusterServer('reviews-approve');
  h = await startHarness('reviews-approve');
  await signIn(h.context, cs.base);
});

after(async () => {
  if (SKIP) return;
  await h?.close();
  await cs?.stop();
  for (const hit of await node.monitorsNamed(NAME).catch(() => [])) if (!monitorIds.includes(hit._id)) monitorIds.push(hit._id);
  await node.cleanup({ monitorIds });
});

test('an editor asks for review and a publisher approves it: that version is published', { skip: SKIP, timeout: 120_000 }, async () => {
  assert.equal((await cs.api('PUT', '/team', { index_patterns: [], publish_needs_approval: true })).status, 200);
  execFileSync(SERVER_BIN, ['admin', 'create-user', 'erin', '--password-stdin'], { env: cs.env, input: 'a long password for erin' });
  assert.equal((await cs.api('PUT', '/team/members/erin', { role: 'editor' })).status, 200);
  const template = await cs.api('POST', '/drafts', { template: 'failed-logins' });
  const document = { ...template.body.document, name: NAME, indices: ['security-auditlog-*'] };
  document.triggers[0].actions = [];
  assert.equal((await cs.api('PUT', `/drafts/${template.body.id}`, { version: 1, document })).status, 200);
  const id = template.body.id;

  const erinContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const erin = await erinContext.newPage();
  await erin.goto(`${cs.base}/sign-in`);
  await erin.getByLabel('Username').fill('erin');
  await erin.getByLabel('Password').fill('a long password for erin');
  await erin.getByRole('button', { name: 'Sign in' }).click();
  await erin.waitForURL(`${cs.base}/`);
  await erin.goto(`${cs.base}/drafts/${id}`);
  await h.hydrated(erin);
  await erin.getByLabel('Describe this change (optional)').fill('ready for the on-call rotation');
  await erin.getByRole('button', { name: 'Request review' }).click();
  await expectText(erin.getByRole('status').filter({ hasText: 'Review requested' }), /approves it/);
  assert.equal((await node.monitorsNamed(NAME)).length, 0, 'nothing on the node before approval');

  const page = await h.newPage();
  await page.goto(`${cs.base}/reviews`);
  await h.hydrated(page);
  await page.getByLabel('Waiting for me').check();
  await page.getByRole('link', { name: NAME }).click();
  await expectText(page.getByRole('heading', { level: 1 }), /Review of/);
  await h.hydrated(page);
  await page.getByRole('button', { name: 'Run preview' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'Too many failed logins' }), /would (not )?trigger/, { timeout: 20_000 });
  await page.getByLabel('Comment').fill('looks right');
  await page.getByRole('button', { name: 'Approve and publish' }).click();
  await expectText(page.getByRole('status').filter({ hasText: 'Approved' }), /Approved and published as monitor \S+/, { timeout: 20_000 });
  const published = await node.monitorsNamed(NAME);
  assert.equal(published.length, 1, JSON.stringify(published));
  monitorIds.push(published[0]._id);

  // The monitor page names who published it, and the approval.
  await page.goto(`${cs.base}/monitors/${encodeURIComponent(published[0]._id)}`);
  await h.hydrated(page);
  const changes = page.getByRole('region', { name: 'Change history' });
  const row = (what) => changes.getByRole('row').filter({ has: page.getByRole('cell', { name: new RegExp(`^${what}( |$)`) }) });
  await expectText(row('Approved'), /admin.*looks right/);
  await expectText(row('Published').first(), /admin.*approved review/);
  await expectText(row('Review requested'), /erin.*ready for the on-call rotation/);
  assert.deepEqual(page.crashes, []);
  await erinContext.close();
});
