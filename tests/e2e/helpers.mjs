// Shared set-up for the end-to-end tests: serve www/ on a free port, drive
// Debian's Chromium with playwright-core, and read expectations from the
// fixture files themselves (never hard-coded results).

import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
export const SEEDS = path.join(ROOT, 'fixtures/seeds');
export const CORPUS = path.join(ROOT, 'fixtures/corpus');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves www/ as any static host would; resolves to { origin, close }. */
export async function serve(dir = WWW) {
  if (!existsSync(path.join(dir, 'pkg/jianbao_wasm_bg.wasm'))) {
    throw new Error('www/pkg is missing: run `make web` first (make test does)');
  }
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      let file = path.join(dir, decodeURIComponent(url.pathname));
      if (!file.startsWith(dir)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-default-apps',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * The served site and a browser for one test file: started before its tests,
 * closed after them. Read `site.origin` and `site.browser` inside tests.
 */
export function useSite() {
  const site = {};
  before(async () => {
    const server = await serve();
    site.server = server;
    site.origin = server.origin;
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * A fresh page on the served site. Records console errors, page errors,
 * dialogs, every request, main-frame navigations and new pages (popups), so
 * tests can assert on them. From the start, every request for another origin
 * is aborted and recorded in `log.foreign` (nothing leaves the machine, and
 * no test depends on the network going quiet); a test that wants to answer
 * such requests routes them on the page, which takes precedence.
 * `serviceWorkers: 'block'` keeps the page's service worker (www/sw.js) out:
 * for a test that replaces the page's own files with routes, since a
 * request the service worker answers from its cache or fetches itself is
 * never seen by Playwright's routes.
 */
export async function openPage(browser, origin, { locale = 'en-US', timezoneId = 'Asia/Shanghai', viewport, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ locale, timezoneId, viewport: viewport || { width: 1280, height: 900 }, serviceWorkers });
  const log = { errors: [], dialogs: [], requests: [], foreign: [], navigations: [], popups: [] };
  await context.route((url) => url.origin !== origin, (route) => {
    log.foreign.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  context.on('page', (p) => log.popups.push(p.url()));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) log.navigations.push(frame.url()); });
  context.on('request', (r) => log.requests.push(r.url()));
  await page.goto(`${origin}/`);
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  return { page, context, log };
}

/**
 * Opens the page (with openPage's options) and loads the sample corpus;
 * resolves once every sample file is in the list, with openPage's answer and
 * the sample's `files`.
 */
export async function openSample(browser, origin, options) {
  const files = await sampleFiles();
  const opened = await openPage(browser, origin, options);
  await opened.page.locator('#sample').click();
  await waitForFiles(opened.page, files.length);
  return { ...opened, files };
}

let axeSource;
/**
 * axe-core's violations (WCAG 2 A and AA rules, best practice) on the page as
 * it is now, within the selector `include` or the whole document. axe is
 * evaluated through DevTools, not the page's CSP.
 */
export async function axeViolations(page, include) {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include || document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }, include);
}

/** The status line's counts (data attributes written with the visible text). */
export async function counts(page) {
  return page.locator('#status').evaluate((el) => ({
    files: Number(el.dataset.files), articles: Number(el.dataset.articles), problems: Number(el.dataset.problems),
  }));
}

/** Waits until `n` files are accounted for and the list shows them (no load or search running). */
export async function waitForFiles(page, n, timeout = 60_000) {
  await page.waitForFunction((n) => {
    const s = document.getElementById('status');
    return Number(s.dataset.files) === n && document.getElementById('list').getAttribute('aria-busy') === 'false';
  }, n, { timeout });
}

/** Waits until the list shows the results of what is in the search box. */
export async function waitForList(page) {
  await page.waitForFunction(() => document.getElementById('list').getAttribute('aria-busy') === 'false');
}

export async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await listFiles(full));
    else out.push(full);
  }
  return out.sort();
}

/** The five seeds with what a person reads off each file: title and publication date. */
export async function seeds() {
  const files = (await readdir(SEEDS)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(files.map(async (name) => {
    const text = await readFile(path.join(SEEDS, name), 'utf8');
    return { name, file: path.join(SEEDS, name), text, title: seedTitle(text), published: seedPublished(text) };
  }));
}

/** `[title](url)` (the title may contain brackets: it ends at the last `](`) or `### title`. */
function seedTitle(text) {
  const link = text.split('\n').find((l) => l.startsWith('['));
  if (link) return link.slice(1, link.lastIndexOf(']('));
  return text.split('\n').find((l) => l.startsWith('### ')).slice(4).trim();
}

/**
 * RFI's `<div>DD/MM/YYYY - HH:MM</div>` is Paris local time → UTC instant;
 * a `【大纪元YYYY年MM月DD日讯】` dateline is a date only.
 */
function seedPublished(text) {
  const rfi = text.match(/<div>(\d\d)\/(\d\d)\/(\d{4}) - (\d\d):(\d\d)<\/div>/);
  if (rfi) {
    const [, d, m, y, hh, mm] = rfi.map(Number);
    return { instant: zonedToUtc(y, m, d, hh, mm, 'Europe/Paris') };
  }
  const dateline = text.match(/大纪元(\d{4})年(\d{1,2})月(\d{1,2})日讯/);
  if (dateline) {
    const [, y, m, d] = dateline;
    return { date: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` };
  }
  return null;
}

/** Converts a wall-clock time in `zone` to a UTC Date (via Intl's offset for that instant). */
export function zonedToUtc(y, m, d, hh, mm, zone) {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const offset = (at) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - at;
  };
  let utc = guess - offset(guess);
  utc = guess - offset(utc);
  return new Date(utc);
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Drops files on the page the way a browser does: a synthetic `drop` event
 * carrying a DataTransfer built in the page. `files`: [{ name, bytes (Buffer), type }].
 */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.type || '', data: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate((payload) => {
    const dt = new DataTransfer();
    for (const f of payload) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.getElementById('dropzone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, payload);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/**
 * A ZIP archive of `entries` ([{ name, bytes }]), deflated like the archives
 * people download from code hosts. Names are UTF-8 (flag bit 11).
 */
export function makeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(bytes);
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small real PNG (1×1 pixel). */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The fixture files the sample corpus button loads (as `make web` lists them). */
export async function sampleFiles() {
  const seedFiles = await listFiles(SEEDS);
  const corpusFiles = (await listFiles(CORPUS)).filter((f) => path.basename(f) !== 'MANIFEST.tsv');
  return [...seedFiles, ...corpusFiles];
}

/**
 * A generated corpus for the benchmarks: the fixtures repeated to `n` files
 * in folders of 1,000 under `dir`, each copy made distinct (no duplicates).
 * Resolves to the bytes written.
 */
export async function generateCorpus(dir, n) {
  const sources = (await sampleFiles()).map((f) => readFileSync(f));
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const folder = path.join(dir, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) await mkdir(folder, { recursive: true });
    const body = Buffer.concat([sources[i % sources.length], Buffer.from(`\n<p>copy ${i}</p>\n`)]);
    bytes += body.length;
    await writeFile(path.join(folder, `${String(i).padStart(6, '0')}.txt`), body);
  }
  return bytes;
}

/** Titles of the cards currently rendered, in list order. */
export function cardTitles(page) {
  return page.locator('#list article.card h3').allTextContents();
}

/**
 * A title as compared by the tests: white space collapsed, and removed between
 * two CJK characters (the core drops line breaks that pretty-printed HTML puts
 * inside Chinese sentences).
 */
export function titleKey(title) {
  return title.replace(/\s+/g, ' ').trim().replace(/(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])/gu, '');
}

/** The card (by list position) whose title is `title`; fails when there is none. */
export async function cardByTitle(page, title) {
  const titles = await cardTitles(page);
  const index = titles.findIndex((t) => titleKey(t) === titleKey(title));
  if (index < 0) throw new Error(`no card titled ${title} among ${titles.join(' | ')}`);
  return page.locator('#list article.card').nth(index);
}

/** `cardTitles`, as title keys, sorted: to compare with titles read from files. */
export async function cardTitleKeys(page) {
  return (await cardTitles(page)).map(titleKey).sort();
}

/**
 * Drops files on the page without pushing their bytes through the protocol
 * as text: the test serves each one (page.route), the page fetches them as
 * Blobs (asynchronously: the main thread is not held while megabytes are
 * copied), then a synthetic drop carries them. `files`: [{ name, bytes }].
 */
export async function dropServedFiles(page, files) {
  const base = new URL('/__test-upload/', page.url()).href;
  const urls = files.map((f, i) => `${base}${i}/${encodeURIComponent(f.name)}`);
  await page.route(`${base}**`, (route) => {
    const i = Number(new URL(route.request().url()).pathname.split('/')[2]);
    return route.fulfill({ body: Buffer.from(files[i].bytes), contentType: 'application/octet-stream' });
  });
  await page.evaluate(async ({ urls, names }) => {
    const blobs = await Promise.all(urls.map(async (url) => (await fetch(url)).blob()));
    const dt = new DataTransfer();
    blobs.forEach((blob, i) => dt.items.add(new File([blob], names[i])));
    const target = document.getElementById('dropzone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { urls, names: files.map((f) => f.name) });
}

/** Drops one large file (megabytes) on the page (see dropServedFiles). */
export function dropLargeFile(page, name, bytes) {
  return dropServedFiles(page, [{ name, bytes }]);
}

/**
 * Drops files and folders from disk on the drop zone as the operating system
 * does (Chromium's own drag pipeline through the DevTools protocol), so the
 * page receives real directory entries to walk.
 */
export async function dropPaths(page, paths) {
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator('#dropzone').boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
  await cdp.detach();
}

/**
 * Finds the card titled `title` however long the list: searches for the
 * title's longest run of Han characters, then picks the card by title.
 */
export async function findCard(page, title) {
  const run = (title.match(/\p{Script=Han}+/gu) || []).sort((a, b) => b.length - a.length)[0];
  await page.getByRole('searchbox').fill(run || title);
  await waitForList(page);
  return cardByTitle(page, title);
}

/** Opens `card` in the reader and waits until the reader shows it. */
export async function openReader(page, card) {
  const title = await card.locator('h3').textContent();
  await card.locator('h3').click();
  await page.waitForFunction((t) => {
    const reader = document.getElementById('reader');
    return reader.open && document.getElementById('reader-title')?.textContent === t;
  }, title);
  return page.getByRole('dialog');
}

/**
 * Records the page's main thread with Chromium's tracing. `stop()` resolves
 * to the longest task: `{ cpu, wall }` in milliseconds, `cpu` being the time
 * the thread itself ran (what the page's code and layout cost), `wall` the
 * elapsed time, which other processes on a busy machine stretch. Assertions
 * on responsiveness use `cpu`, so they hold however loaded the machine is.
 */
export async function traceMainThread(page) {
  const browser = page.context().browser();
  await browser.stopTracing().catch(() => {}); // one left running by a test that failed
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const origin = new URL(page.url()).origin;
  return async () => {
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8'));
    // The page's renderer: the process that ran this origin's scripts; its main thread.
    const pid = traceEvents.find((e) => e.name === 'FunctionCall' && String(e.args?.data?.url).startsWith(origin))?.pid;
    const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args.name === 'CrRendererMain')?.tid;
    const tasks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === pid && e.tid === main);
    if (!tasks.length) throw new Error('no main-thread task traced');
    return {
      cpu: Math.max(...tasks.map((e) => (e.tdur ?? e.dur) / 1000)),
      wall: Math.max(...tasks.map((e) => e.dur / 1000)),
    };
  };
}
