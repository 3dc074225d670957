// Two pages on one draft: the second writer gets the conflict banner instead of silently
// overwriting, and each of its three ways out does what it says.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, saveStatus, waitSaved, draftIdOf, expectValue, expectText, expectCount, until } from './harness.mjs';

let h;
before(async () => { h = await startHarness('conflict'); });
after(async () => { await h?.close(); });

/** A fresh draft named `name`, open in two pages (A and B). */
async function twoPagesOn(name) {
  const created = await h.api('POST', '/drafts', {});
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { id } = created.body;
  const document = { ...created.body.document, name };
  const saved = await h.api('PUT', `/drafts/${id}`, { version: created.body.version, document });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const a = await h.openPage(`/drafts/${id}`);
  const b = await h.openPage(`/drafts/${id}`);
  await expectValue(a.getByLabel('Monitor name'), name);
  await expectValue(b.getByLabel('Monitor name'), name);
  return { id, a, b };
}

/** A saves `nameA`; then B types `nameB` on its now stale copy and gets the banner. */
async function collide(a, b, nameA, nameB) {
  await a.getByLabel('Monitor name').fill(nameA);
  await waitSaved(a);
  await b.getByLabel('Monitor name').fill(nameB);
  const banner = b.getByRole('alert').filter({ hasText: 'changed in another tab' });
  await banner.waitFor();
  await expectText(saveStatus(b), 'Not saved: changed elsewhere');
  for (const name of ['Reload their version', 'Overwrite with mine', 'Save mine as a copy']) {
    assert.equal(await banner.getByRole('button', { name }).count(), 1, `banner has "${name}"`);
  }
  return banner;
}

test('conflict: "Save mine as a copy" keeps both versions', async () => {
  const { id, a, b } = await twoPagesOn('Shared draft');
  const banner = await collide(a, b, 'Name from tab A', 'Name from tab B');
  await h.screenshot(b, 'conflict-banner');
  // Nothing was overwritten: the server still has A's name.
  assert.equal((await h.api('GET', `/drafts/${id}`)).body.document.name, 'Name from tab A');

  await banner.getByRole('button', { name: 'Save mine as a copy' }).click();
  await waitSaved(b);
  await until(async () => assert.ok(draftIdOf(b) && draftIdOf(b) !== id, `B moved to the copy (${b.url()})`));
  const copyId = draftIdOf(b);
  await expectCount(banner, 0); // the banner is gone
  await expectValue(b.getByLabel('Monitor name'), 'Name from tab B (copy)');
  await h.screenshot(b, 'conflict-saved-as-copy');

  assert.equal((await h.api('GET', `/drafts/${id}`)).body.document.name, 'Name from tab A');
  assert.equal((await h.api('GET', `/drafts/${copyId}`)).body.document.name, 'Name from tab B (copy)');
  const names = (await h.api('GET', '/drafts')).body.drafts.map((d) => d.name).sort();
  assert.deepEqual(names, ['Name from tab A', 'Name from tab B (copy)']);
  assert.deepEqual([...a.crashes, ...b.crashes], []);
  await a.close();
  await b.close();
});

test('conflict: "Overwrite with mine" writes B over A', async () => {
  const { id, a, b } = await twoPagesOn('Second shared draft');
  const banner = await collide(a, b, 'A wrote this', 'B insists on this');
  await banner.getByRole('button', { name: 'Overwrite with mine' }).click();
  await waitSaved(b);
  await expectCount(banner, 0); // the banner is gone
  assert.equal(draftIdOf(b), id, 'same draft');
  const server = (await h.api('GET', `/drafts/${id}`)).body;
  assert.equal(server.document.name, 'B insists on this');
  assert.equal(server.version, 4, 'created (1), named (2), A (3), B overwrote (4)');
  // B keeps autosaving normally afterwards.
  await b.getByLabel('Monitor name').fill('B edits again');
  await waitSaved(b);
  assert.equal((await h.api('GET', `/drafts/${id}`)).body.document.name, 'B edits again');
  await a.close();
  await b.close();
});

test('conflict: "Reload their version" replaces B\'s edits with A\'s', async () => {
  const { id, a, b } = await twoPagesOn('Third shared draft');
  const banner = await collide(a, b, 'Keep what A wrote', 'B will drop this');
  await banner.getByRole('button', { name: 'Reload their version' }).click();
  await expectCount(banner, 0); // the banner is gone
  await expectValue(b.getByLabel('Monitor name'), 'Keep what A wrote');
  await expectText(saveStatus(b), /^Saved/);
  assert.equal((await h.api('GET', `/drafts/${id}`)).body.document.name, 'Keep what A wrote');
  // B now edits on top of A's version without a new conflict.
  await b.getByLabel('Index', { exact: true }).fill('logs-*');
  await b.getByLabel('Index', { exact: true }).press('Tab');
  await waitSaved(b);
  const server = (await h.api('GET', `/drafts/${id}`)).body;
  assert.equal(server.document.name, 'Keep what A wrote');
  assert.deepEqual(server.document.indices, ['logs-*']);
  await h.screenshot(b, 'conflict-reloaded-theirs');
  assert.deepEqual([...a.crashes, ...b.crashes], []);
});
