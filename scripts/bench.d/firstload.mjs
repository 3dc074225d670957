// First loads of pages in headless Chromium, for scripts/bench: the bytes each page's first
// load transfers (CDP Network.loadingFinished encodedDataLength, by kind) and the time until
// the page is hydrated (`data-hydrated` on <body>) on an emulated 4G link.
//
// usage: node firstload.mjs BASE_URL RUNS PATH...   (prints two tables)
//
// Every load is cold: a new browser context (empty cache) per load.

import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const CACHE = process.env.MONITOR_STUDIO_CACHE || path.join(os.homedir(), '.cache/monitor-studio');
const { chromium } = require(require.resolve('playwright-core', { paths: [path.join(CACHE, 'tools/node_modules')] }));

/** The emulated link: 40 ms round trip, 12 Mbit/s down and up. */
export const FOUR_G = { offline: false, latency: 40, downloadThroughput: (12e6 / 8), uploadThroughput: (12e6 / 8) };

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

function kindOf(url, mime) {
  if (url.endsWith('.wasm') || mime === 'application/wasm') return 'wasm';
  if (url.endsWith('.js') || /javascript/.test(mime)) return 'js';
  if (url.endsWith('.css') || mime === 'text/css') return 'css';
  if (mime === 'text/html') return 'html';
  return 'other';
}

/**
 * One cold load of `url`: resolves to { bytes: {wasm, js, css, html, other}, requests,
 * hydratedMs } where hydratedMs counts from navigation start.
 */
export async function coldLoad(browser, url, network) {
  // Signed in as the bench's administrator: pages need a caller.
  const context = await browser.newContext({ extraHTTPHeaders: process.env.BENCH_TOKEN ? { authorization: `Bearer ${process.env.BENCH_TOKEN}` } : {} });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (network) await cdp.send('Network.emulateNetworkConditions', network);
    const kinds = new Map();
    const bytes = { wasm: 0, js: 0, css: 0, html: 0, other: 0 };
    let requests = 0;
    cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, kindOf(e.response.url, e.response.mimeType)));
    cdp.on('Network.loadingFinished', (e) => {
      bytes[kinds.get(e.requestId) || 'other'] += e.encodedDataLength;
      requests += 1;
    });
    // performance.now() counts from the navigation's start.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.hydrated) {
          window.__hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('body[data-hydrated=true]').waitFor({ state: 'attached', timeout: 60_000 });
    const hydratedMs = await page.evaluate(() => window.__hydratedAt);
    // Let late responses (preloads not needed for hydration) finish, then count.
    await page.waitForLoadState('networkidle').catch(() => {});
    return { bytes, requests, hydratedMs };
  } finally {
    await context.close();
  }
}

/** Debian's Chromium; playwright gives it a fresh temporary profile (--user-data-dir). */
export async function launch() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  return { browser, close: () => browser.close() };
}

const kb = (b) => (b / 1000).toFixed(1);
const label = (p) => p.replace(/^\/drafts\/[^/]+$/, '/drafts/{id}');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function main() {
  const [base, runsArg, ...paths] = process.argv.slice(2);
  const runs = Number(runsArg) || 5;
  const { browser, close } = await launch();
  try {
    console.log('  first load, bytes on the wire (encodedDataLength, kB; Chromium sends Accept-Encoding: gzip, deflate, br, zstd)');
    console.log(`  ${'page'.padEnd(22)} ${'wasm'.padStart(8)} ${'js'.padStart(7)} ${'css'.padStart(6)} ${'html'.padStart(7)} ${'total'.padStart(8)} ${'w+j+c'.padStart(8)} ${'requests'.padStart(9)}  target (wasm+js+css)`);
    for (const p of paths) {
      const { bytes, requests } = await coldLoad(browser, base + p);
      const code = bytes.wasm + bytes.js + bytes.css;
      const total = code + bytes.html + bytes.other;
      const target = (p === '/' || p === '/create-monitor') ? (code <= 230_000 ? '<= 230 kB: met' : `<= 230 kB: MISSED`) : '';
      console.log(`  ${label(p).padEnd(22)} ${kb(bytes.wasm).padStart(8)} ${kb(bytes.js).padStart(7)} ${kb(bytes.css).padStart(6)} ${kb(bytes.html).padStart(7)} ${kb(total).padStart(8)} ${kb(code).padStart(8)} ${String(requests).padStart(9)}  ${target}`);
    }
    console.log('');
    console.log(`  time to hydrated on emulated 4G (40 ms RTT, 12 Mbit/s), ${runs} cold loads each, ms`);
    console.log(`  ${'page'.padEnd(22)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  target`);
    for (const p of paths) {
      const times = [];
      for (let i = 0; i < runs; i++) times.push((await coldLoad(browser, base + p, FOUR_G)).hydratedMs);
      const m = median(times);
      console.log(`  ${label(p).padEnd(22)} ${m.toFixed(0).padStart(8)} ${Math.min(...times).toFixed(0).padStart(8)} ${Math.max(...times).toFixed(0).padStart(8)}  <= 500 ms: ${m <= 500 ? 'met' : 'MISSED'}`);
    }
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
