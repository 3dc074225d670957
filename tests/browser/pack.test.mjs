// The link module's pack reader (server/src/ui/pack.js) on its own, without a browser: a
// page's modules come from the pack it preloads, any other module from its own file, and a
// pack that cannot be fetched or read sends every module to its own file, with a warning.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { REPO_ROOT } from './harness.mjs';

const SCRIPT = fs.readFileSync(path.join(REPO_ROOT, 'server/src/ui/pack.js'), 'utf8');
const BASE = 'https://studio.example/pkg/';

const leb = (n) => { const out = []; do { let b = n % 128; n = Math.floor(n / 128); if (n) b |= 128; out.push(b); } while (n); return out; };
/** A pack as server/build.rs writes it: the wasm header, then one custom section per module. */
function pack(modules) {
  const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [name, body] of modules) {
    const payload = [...leb(name.length), ...Buffer.from(name), ...body];
    bytes.push(0, ...leb(payload.length), ...payload);
  }
  return new Uint8Array(bytes).buffer;
}

/**
 * The script in a context of its own: `packBody` is what fetching the pack answers (an
 * ArrayBuffer, a status number, or an Error to throw); records the fetches and warnings.
 */
function load(packBody, preloaded = ['pack_a.01.wasm']) {
  const fetches = [], warnings = [];
  const response = (url) => {
    fetches.push(url.replace(BASE, ''));
    if (!url.includes('pack_')) return Promise.resolve(new Response(`file ${url}`));
    if (packBody instanceof Error) return Promise.reject(packBody);
    if (typeof packBody === 'number') return Promise.resolve(new Response('', { status: packBody }));
    return Promise.resolve(new Response(packBody));
  };
  const context = vm.createContext({
    URL, Response, TextDecoder, Uint8Array, Map, Promise, Array,
    console: { warn: (m) => warnings.push(m) },
    fetch: (url) => response(String(url)),
    document: { querySelectorAll: () => preloaded.map((f) => ({ href: BASE + f })) },
    WebAssembly: {
      compile: async (bytes) => ({ from: 'bytes', bytes: Array.from(bytes) }),
      compileStreaming: async (src) => ({ from: 'stream', text: await (await src).text() }),
      instantiate: async (module, imports) => ({ ...module, imports }),
    },
  });
  const api = vm.runInContext(`${SCRIPT.replace('/* PACK_FILES */', '"pack_a.01.wasm"')}\n({ packedFetch, packedInstantiate });`, context);
  const instantiate = (file) => api.packedInstantiate(api.packedFetch(new URL(BASE + file)), {});
  return { instantiate, fetches, warnings };
}

const GOOD = pack([['split_a.1.wasm', [1, 2, 3]], ['chunk_1.2.wasm', new Array(300).fill(7)]]);

test('the page\'s modules come from its pack, fetched once; others from their files', async () => {
  const { instantiate, fetches, warnings } = load(GOOD);
  const [split, chunk] = await Promise.all([instantiate('split_a.1.wasm'), instantiate('chunk_1.2.wasm')]);
  assert.deepEqual(split, { from: 'bytes', bytes: [1, 2, 3], imports: {} });
  assert.equal(chunk.bytes.length, 300, 'a section longer than 127 bytes');
  assert.deepEqual(await instantiate('chunk_9.3.wasm'), { from: 'stream', text: `file ${BASE}chunk_9.3.wasm`, imports: {} });
  // Taken once: a second load of a module (after a failed instantiation) fetches its file.
  assert.equal((await instantiate('split_a.1.wasm')).from, 'stream');
  assert.deepEqual(fetches, ['pack_a.01.wasm', 'chunk_9.3.wasm', 'split_a.1.wasm']);
  assert.deepEqual(warnings, []);
});

test('without a preloaded pack every module comes from its file, silently', async () => {
  const { instantiate, fetches, warnings } = load(GOOD, ['monitor_studio_bg.1.wasm', 'pack_other.9.wasm']);
  assert.equal((await instantiate('split_a.1.wasm')).from, 'stream');
  assert.deepEqual(fetches, ['split_a.1.wasm']);
  assert.deepEqual(warnings, []);
});

for (const [what, body] of [
  ['a failed fetch', new Error('network down')],
  ['an HTTP error', 503],
  ['a file that is no pack', new TextEncoder().encode('<html>not found</html>').buffer],
  ['a cut-off pack', GOOD.slice(0, 30)],
]) {
  test(`${what} sends every module to its file, with a warning`, async () => {
    const { instantiate, fetches, warnings } = load(body);
    assert.equal((await instantiate('split_a.1.wasm')).from, 'stream');
    assert.equal((await instantiate('chunk_1.2.wasm')).from, 'stream');
    assert.deepEqual(fetches, ['pack_a.01.wasm', 'split_a.1.wasm', 'chunk_1.2.wasm']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cannot read .*pack_a\.01\.wasm.*one by one/);
  });
}
