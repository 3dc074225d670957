// A monitor created with the keyboard alone: Tab / Shift+Tab to move, typing, ArrowDown in a
// select, Space and Enter on buttons. At every stop the focused control has a name and a
// visible focus ring.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, waitSaved, draftIdOf, expectValue } from './harness.mjs';

let h;
before(async () => { h = await startHarness('keyboard'); });
after(async () => { await h?.close(); });

/** The focused element: its accessible-ish name and whether focus is visibly drawn. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: '', tag: 'body', visible: false };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    const style = getComputedStyle(el);
    const ring = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { name: label.trim().replace(/\s+/g, ' '), tag: el.tagName.toLowerCase(), visible: ring };
  });
}

/** Presses Tab (or Shift+Tab) until the focused control is called `name`; checks each stop. */
async function tabTo(page, name, { back = false, max = 80 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f.name || `<${f.tag}>`);
    assert.notEqual(f.tag, 'body', `focus fell off the page after ${seen.join(' → ')}`);
    assert.ok(f.name, `the focused <${f.tag}> has no name (after ${seen.join(' → ')})`);
    assert.ok(f.visible, `focus on "${f.name}" is not visible`);
    if (f.name === name) return seen;
  }
  throw new Error(`"${name}" not reached with ${back ? 'Shift+Tab' : 'Tab'}: ${seen.join(' → ')}`);
}

test('keyboard only: name, index, schedule unit, trigger and action', async () => {
  const page = await h.openPage('/create-monitor');
  // The first Tab reaches the skip link, which leads to the content.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).name, 'Skip to content');

  await tabTo(page, 'Monitor name');
  await page.keyboard.type('Keyboard-made monitor');
  await h.screenshot(page, 'name-focused');

  await tabTo(page, 'Unit');
  await page.keyboard.press('ArrowDown'); // Minutes → Hours
  await expectValue(page.getByLabel('Unit', { exact: true }), 'HOURS');

  await tabTo(page, 'Index');
  await page.keyboard.type('security-auditlog-*');
  await tabTo(page, 'Time field'); // leaving the field applies it
  await page.keyboard.type('@timestamp');

  await tabTo(page, 'Add trigger');
  await h.screenshot(page, 'add-trigger-focused');
  await page.keyboard.press('Enter');
  // The new trigger's form comes before the button: walk back into it.
  await tabTo(page, 'Add action', { back: true });
  await page.keyboard.press('Space');
  await tabTo(page, 'Trigger name', { back: true });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Typed trigger');
  await waitSaved(page);
  await h.screenshot(page, 'saved');

  const id = draftIdOf(page);
  assert.ok(id, `URL is /drafts/<id>: ${page.url()}`);
  const { document } = (await h.api('GET', `/drafts/${id}`)).body;
  assert.equal(document.name, 'Keyboard-made monitor');
  assert.deepEqual(document.indices, ['security-auditlog-*']);
  assert.equal(document.time_field, '@timestamp');
  assert.equal(document.schedule.unit, 'HOURS');
  assert.equal(document.triggers.length, 1);
  assert.equal(document.triggers[0].name, 'Typed trigger');
  assert.equal(document.triggers[0].actions.length, 1);
  assert.deepEqual(page.crashes, []);
});
