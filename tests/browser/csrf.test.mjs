// A page on another origin cannot act through a signed-in person's browser: it tries a
// "simple" cross-site fetch with the cookies (no preflight), a JSON fetch, and an
// auto-submitted form, against the API and the sign-out form; nothing is created or ended.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startHarness, freePort } from './harness.mjs';

let h;
let evil;
let evilBase;
before(async () => {
  h = await startHarness('csrf');
  const port = await freePort();
  evilBase = `http://127.0.0.1:${port}`;
  const target = h.base;
  evil = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><body>
      <form id="f" method="post" action="${target}/api/v1/drafts" enctype="text/plain">
        <input name='{"document":{"name":"forged by form","x":"' value='"}}'>
      </form>
      <script>
        window.results = {};
        (async () => {
          try { const r = await fetch('${target}/api/v1/drafts', { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"document":{"name":"forged by fetch"}}' }); window.results.simple = r.type; } catch (e) { window.results.simple = 'error ' + e.message; }
          try { const r = await fetch('${target}/api/v1/drafts', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{}' }); window.results.json = r.status; } catch (e) { window.results.json = 'blocked'; }
          try { const r = await fetch('${target}/api/v1/drafts', { credentials: 'include' }); window.results.read = r.status; } catch (e) { window.results.read = 'blocked'; }
          window.results.done = true;
        })();
      </script></body></html>`);
  });
  await new Promise((resolve) => evil.listen(port, '127.0.0.1', resolve));
});
after(async () => {
  await h?.close();
  await new Promise((resolve) => evil?.close(resolve));
});

test('another origin cannot create, read or sign out through the signed-in browser', async () => {
  // The browser context is signed in (the harness signed in through the sign-in page).
  const before = (await h.api('GET', '/drafts')).body.total;
  const page = await h.newPage();
  await page.goto(`${evilBase}/`);
  await page.waitForFunction(() => window.results && window.results.done, null, { timeout: 10_000 });
  const results = await page.evaluate(() => window.results);
  assert.equal(results.json, 'blocked', 'a JSON cross-origin request needs a preflight CORS never grants');
  assert.equal(results.read, 'blocked', 'another origin cannot read answers');
  // The form posts with the cookie (SameSite=Lax lets top-level POSTs through only for… none: Lax blocks them).
  await Promise.all([page.waitForNavigation().catch(() => {}), page.evaluate(() => document.getElementById('f').submit())]);
  const status = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(status, /"id"/, 'the forged form created nothing');
  const after = (await h.api('GET', '/drafts')).body;
  assert.equal(after.total, before, `no draft was forged: ${JSON.stringify(after.drafts.map((d) => d.name))}`);

  // And the session is still there: the person is still signed in.
  const mine = await h.openPage('/');
  assert.equal(await mine.getByRole('button', { name: 'Sign out' }).count(), 1);
});
