// Code splitting: the pages' code is cut into lazily loaded wasm chunks (app::App's lazy
// routes). A page whose code is split off hydrates on a first load, and navigating to one
// in the browser fetches its chunks then and shows it, also on a slow network. A first load
// fetches its page's split and chunks in one pack; a navigation fetches the ones it lacks.
// Sign-in, the first page of every session, shares the drafts list's group, where it leads.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, expectText, ADMIN } from './harness.mjs';

let h;
before(async () => { h = await startHarness('split'); });
after(async () => { await h?.close(); });

/** Records the .wasm URLs the page fetches, in order. */
function wasmRequests(page) {
  const urls = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) urls.push(new URL(r.url()).pathname); });
  return urls;
}

const heading = (page) => page.getByRole('main').getByRole('heading', { level: 1 });
const isChunk = (url) => /^\/pkg\/(split|chunk)_/.test(url);
const isPack = (url) => url.startsWith('/pkg/pack_');
/** The page groups whose packs or split modules were fetched. */
const groups = (wasm) => [...new Set(wasm.filter((u) => /^\/pkg\/(pack|split)_/.test(u)).map((u) => u.replace(/^\/pkg\/(pack|split)_(.+?)_\d+\..*$/, '$2')))];

/** The file names of the modules in the pack at `url` (custom sections: name, then bytes). */
async function packedFiles(url) {
  const bytes = new Uint8Array(await (await fetch(`${h.base}${url}`)).arrayBuffer());
  const names = [];
  let at = 8;
  const leb = () => { let n = 0; for (let scale = 1; ; scale *= 128) { const b = bytes[at++]; n += (b & 127) * scale; if (b < 128) return n; } };
  while (at < bytes.length) {
    at += 1;
    const size = leb();
    const end = at + size;
    const length = leb();
    names.push(new TextDecoder().decode(bytes.subarray(at, at + length)));
    at = end;
  }
  return names;
}

/** A new page at `path`, hydrated, showing `title`, with its .wasm requests recorded. */
async function openRecording(path, title) {
  const page = await h.newPage();
  const wasm = wasmRequests(page);
  await h.openPage(path, page);
  await expectText(heading(page), title);
  return { page, wasm };
}

/** No crash on `page`; closes it. */
async function done(page) {
  assert.deepEqual(page.crashes, []);
  await page.close();
}

/** From the page at `from`, follows the top bar's link `link` and waits for `title`. */
async function navigate(page, link, title, path) {
  const before = page.url();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await expectText(heading(page), title, { timeout: 30_000 });
  assert.equal(new URL(page.url()).pathname, path);
  // A client-side navigation: the document was not reloaded.
  assert.equal(await page.evaluate(() => document.body.dataset.hydrated), 'true', `no reload from ${before}`);
}

test('a split-off page hydrates on a first load', async () => {
  for (const [path, title] of [['/monitors', 'Monitors'], ['/channels', 'Channels']]) {
    const { page, wasm } = await openRecording(path, title);
    assert.equal(wasm.filter(isPack).length, 1, `${path} loads its pack: ${wasm.join(', ')}`);
    assert.deepEqual(wasm.filter(isChunk), [], `${path} loads no chunk on its own: ${wasm.join(', ')}`);
    assert.deepEqual(groups(wasm), ['cluster_pages']);
    await done(page);
  }
});

test('a page whose pack cannot be fetched loads its modules one by one', async () => {
  const page = await h.newPage();
  await page.route('**/pkg/pack_*', (route) => route.abort());
  const wasm = wasmRequests(page);
  await h.openPage('/channels', page);
  await expectText(heading(page), 'Channels');
  assert.ok(wasm.some((u) => u.startsWith('/pkg/split_cluster_pages_')) && wasm.some(isChunk), `one by one: ${wasm.join(', ')}`);
  assert.ok(page.consoleLog.some((m) => /cannot read .*pack_cluster_pages_.*one by one/.test(m)), page.consoleLog.join('\n'));
  await done(page);
});

test('navigating to a split-off page fetches its code then and shows it', async () => {
  const { page, wasm } = await openRecording('/', 'Drafts');
  const onFirstLoad = wasm.length;
  await navigate(page, 'Channels', 'Channels', '/channels');
  const fetched = wasm.slice(onFirstLoad);
  assert.ok(fetched.length > 0 && fetched.every(isChunk), `chunks on navigation: ${fetched.join(', ')}`);
  // What the first load's pack brought is not fetched again.
  const packed = await packedFiles(wasm.find(isPack));
  assert.ok(packed.some((f) => f.startsWith('chunk_')), `the pack holds chunks: ${packed.join(', ')}`);
  const again = fetched.filter((u) => packed.includes(u.split('/').pop()));
  assert.deepEqual(again, [], 'no module twice');
  // Back to a page whose code is loaded, then on to another group.
  await navigate(page, 'Drafts', 'Drafts', '/');
  await navigate(page, 'Create monitor', 'Create monitor', '/create-monitor');
  await done(page);
});

test('navigating to a split-off page works on a slow network', async () => {
  const { page, wasm } = await openRecording('/create-monitor', 'Create monitor');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  // Slower than 4G: 300 ms round trips, 1.5 Mbit/s.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 1.5e6 / 8, uploadThroughput: 1.5e6 / 8 });
  const onFirstLoad = wasm.length;
  await navigate(page, 'Monitors', 'Monitors', '/monitors');
  assert.ok(wasm.length > onFirstLoad, 'the monitors page\'s chunks arrived on navigation');
  await navigate(page, 'Alerts', 'Alerts', '/alerts');
  await cdp.detach();
  await done(page);
});

test('sign-in loads only the drafts list\'s code, which the page after it then has', async () => {
  // Signed out: a context of its own.
  const context = await h.browser.newContext();
  try {
    const page = await context.newPage();
    const wasm = wasmRequests(page);
    await page.goto(`${h.base}/sign-in`);
    await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.deepEqual(groups(wasm), ['drafts_page'], `split modules: ${wasm.join(', ')}`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(heading(page), 'Drafts', { timeout: 20_000 });
    await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.deepEqual(groups(wasm), ['drafts_page'], 'the drafts list needs no other group');
  } finally {
    await context.close();
  }
});
