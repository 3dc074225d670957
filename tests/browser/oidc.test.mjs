// Single sign-on in a real browser against a real identity provider: Keycloak with the
// project's realm (scripts/keycloak; scripts/test starts it and sets the variables). A
// person clicks "Single sign-on", signs in at Keycloak, and comes back signed in, with the
// groups Keycloak said; the admin group makes an administrator, and a mapped group makes
// a member of its team.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, expectCount } from './harness.mjs';

const ISSUER = process.env.MONITOR_STUDIO_TEST_OIDC_ISSUER || '';
const SKIP = ISSUER ? false : 'no Keycloak (MONITOR_STUDIO_TEST_OIDC_ISSUER unset; scripts/test starts it)';

let h;
before(async () => {
  if (SKIP) return;
  h = await startHarness('oidc', {
    env: {
      MONITOR_STUDIO_OIDC_ISSUER: ISSUER,
      MONITOR_STUDIO_OIDC_CLIENT_ID: process.env.MONITOR_STUDIO_TEST_OIDC_CLIENT_ID || 'monitor-studio',
      MONITOR_STUDIO_OIDC_CLIENT_SECRET: process.env.MONITOR_STUDIO_TEST_OIDC_CLIENT_SECRET || '',
      MONITOR_STUDIO_OIDC_ADMIN_GROUP: 'monitor-studio-admins',
      MONITOR_STUDIO_OIDC_LABEL: 'Sign in with Keycloak',
    },
  });
});
after(async () => { await h?.close(); });

/** Signs in through Keycloak in a fresh browser context; answers the hydrated page. */
async function signInWithKeycloak(username, password, next = '/') {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${h.base}${next}`);
  // Not signed in: the sign-in page, which comes back to `next`.
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await page.waitForURL((url) => url.href.startsWith(ISSUER));
  // Keycloak's own page (not ours): its inputs by their ids.
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: /^Sign in$/i }).click();
  await page.waitForURL((url) => url.href.startsWith(h.base + next.split('?')[0]));
  await h.hydrated(page);
  return { context, page };
}

test('single sign-on with Keycloak: alice is an administrator, bob is not', { skip: SKIP, timeout: 120_000 }, async () => {
  const alice = await signInWithKeycloak('alice', 'alice-test-password', '/monitors');
  await expectCount(alice.page.getByText('Signed in as alice', { exact: false }), 1);
  await expectCount(alice.page.getByText('(administrator)', { exact: false }), 1);
  const me = await alice.page.evaluate(async () => (await fetch('/api/v1/me')).json());
  assert.equal(me.signed_in_with, 'session');
  assert.ok(me.groups.includes('team-a') && me.groups.includes('monitor-studio-admins'), JSON.stringify(me));
  await h.screenshot(alice.page, 'alice-signed-in');
  await alice.context.close();

  // Keycloak's group team-b makes its members editors of the team "Team B".
  const teamB = await h.api('POST', '/teams', { name: 'Team B' });
  assert.equal(teamB.status, 201, JSON.stringify(teamB.body));
  const mapped = await h.api('PUT', '/group-mappings', { mappings: [{ group: 'team-b', team: teamB.body.id, role: 'editor' }] });
  assert.equal(mapped.status, 200, JSON.stringify(mapped.body));

  const bob = await signInWithKeycloak('bob', 'bob-test-password');
  await expectCount(bob.page.getByText('(administrator)', { exact: false }), 0);
  const meBob = await bob.page.evaluate(async () => (await fetch('/api/v1/me')).json());
  assert.deepEqual(meBob.groups, ['team-b']);
  assert.equal(meBob.is_admin, false);
  assert.deepEqual([meBob.team?.name, meBob.team?.role], ['Team B', 'editor'], JSON.stringify(meBob));
  await expectCount(bob.page.getByRole('link', { name: 'Team', exact: true }).filter({ hasText: 'Team: Team B' }), 1);
  // Sign out: back to the sign-in page, and the session is gone.
  await bob.page.getByRole('button', { name: 'Sign out' }).click();
  await bob.page.waitForURL(/\/sign-in\?signed_out=1/);
  const after = await bob.page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(after, 401);
  await bob.context.close();
});

test('a wrong Keycloak password never signs in', { skip: SKIP, timeout: 60_000 }, async () => {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${h.base}/sign-in`);
  await page.getByRole('link', { name: 'Sign in with Keycloak' }).click();
  await page.waitForURL((url) => url.href.startsWith(ISSUER));
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('not her password');
  await page.getByRole('button', { name: /^Sign in$/i }).click();
  await page.getByText(/Invalid username or password/i).waitFor();
  assert.ok(page.url().startsWith(ISSUER), 'still at Keycloak');
  const status = await (await context.request.get(`${h.base}/api/v1/me`)).status();
  assert.equal(status, 401);
  await context.close();
});
