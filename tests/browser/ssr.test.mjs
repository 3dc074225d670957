// Data pages arrive with their data: the server renders them by calling the API's
// operations in-process, and the browser hydrates them without asking for that data again.
// Before any script runs the content is there; after hydration the page is live.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, expectCount } from './harness.mjs';

let h;
before(async () => { h = await startHarness('ssr'); });
after(async () => { await h?.close(); });

/** The API requests a page makes from navigation until it has hydrated and settled. */
async function apiRequestsWhileLoading(urlPath) {
  const page = await h.newPage();
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/v1/')) seen.push(`${r.method()} ${url.pathname}`);
  });
  await h.openPage(urlPath, page);
  await page.waitForTimeout(500);
  return { page, seen };
}

test('the drafts list and a draft hydrate without fetching their data again', async () => {
  const draft = (await h.api('POST', '/drafts', { template: 'failed-logins' })).body;
  assert.ok(draft.id, JSON.stringify(draft));

  // The server's HTML already holds the list, before any script runs.
  const html = await (await fetch(`${h.base}/`, { headers: { authorization: `Bearer ${h.server.token}` } })).text();
  assert.match(html, /Failed logins/);

  const list = await apiRequestsWhileLoading('/');
  assert.deepEqual(list.seen.filter((r) => r.startsWith('GET /api/v1/drafts') || r.startsWith('GET /api/v1/templates')), [], list.seen.join(', '));
  await expectCount(list.page.getByRole('row'), 2); // header + the draft
  // Live after hydration: a search asks the server and redraws.
  await list.page.getByLabel('Search drafts').fill('no such draft');
  await expectCount(list.page.getByRole('table'), 0);
  assert.ok(list.seen.some((r) => r === 'GET /api/v1/drafts'), list.seen.join(', '));
  await list.page.close();

  const editor = await apiRequestsWhileLoading(`/drafts/${draft.id}`);
  assert.deepEqual(editor.seen.filter((r) => r.startsWith(`GET /api/v1/drafts/${draft.id}`)), [], editor.seen.join(', '));
  assert.equal(await editor.page.getByLabel('Monitor name').inputValue(), draft.document.name);
  await editor.page.close();
});

test('the history page hydrates its revisions', async () => {
  const draft = (await h.api('POST', '/drafts', { template: 'failed-logins' })).body;
  const history = await apiRequestsWhileLoading(`/drafts/${draft.id}/history`);
  assert.deepEqual(history.seen.filter((r) => r.includes('/revisions')), [], history.seen.join(', '));
  await expectCount(history.page.getByRole('row'), 2); // header + revision 1
  await history.page.close();
});

test('without a cluster, the cluster pages hydrate their error', async () => {
  for (const [urlPath, op] of [['/monitors', 'GET /api/v1/monitors'], ['/alerts', 'GET /api/v1/alerts'], ['/channels', 'GET /api/v1/channels']]) {
    const { page, seen } = await apiRequestsWhileLoading(urlPath);
    assert.deepEqual(seen.filter((r) => r === op), [], `${urlPath}: ${seen.join(', ')}`);
    await expectCount(page.getByRole('main').getByText(/No cluster is configured/i), 1);
    // The top bar's badge asks the server once, in the browser, and says so.
    await expectCount(page.getByRole('status', { name: 'Cluster status' }).getByText('No cluster configured: drafts only', { exact: true }), 1);
    assert.deepEqual(seen.filter((r) => r === 'GET /api/v1/cluster'), ['GET /api/v1/cluster'], `${urlPath}: ${seen.join(', ')}`);
    await page.close();
  }
});
