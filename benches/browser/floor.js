// The floor and Readability.js, for `make bench-web` (benches/browser/ingest.mjs).
//
// A folder dropped on #dropzone is walked the way the page walks one
// (www/intake.js: readEntries until empty, the File objects of a run of
// files asked for 64 at once), and each file is read as soon as the walk
// gives it, with up to 8 reads in flight. Two passes, each walking anew:
// - floor: every file into an ArrayBuffer and decoded as UTF-8 text, the least
//   any page must do with the same files;
// - Readability.js: the same, then DOMParser and `new Readability(doc).parse()`
//   per file (on the main thread: DOMParser exists nowhere else).
// The result lands in `window.benchResult`; `window.benchMode` picks the passes
// ('floor', 'readability' or 'both') and `window.benchDeadline` (ms) stops the
// Readability pass early, saying how many files it reached.

/* global Readability */

const WALK_AHEAD = 64;
const READS_IN_FLIGHT = 8;

const entryFile = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
const readAllEntries = async (directory) => {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
};

/** Walks `entry`, handing each File to `give` in name order, folder by folder. */
async function walk(entry, give) {
  if (entry.isFile) {
    give(await entryFile(entry));
    return;
  }
  const children = (await readAllEntries(entry)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < children.length;) {
    if (children[i].isDirectory) {
      await walk(children[i++], give);
      continue;
    }
    const run = [];
    while (i < children.length && !children[i].isDirectory && run.length < WALK_AHEAD) run.push(entryFile(children[i++]));
    for (const file of await Promise.all(run)) give(file);
  }
}

/**
 * Walks `entries` and runs `job(file)` on each file as it comes, `READS_IN_FLIGHT`
 * at a time, until `deadline` (performance.now()); resolves to the files seen, done and bytes.
 */
async function eachFile(entries, job, deadline = Infinity) {
  const queue = [];
  let walking = true;
  let sleepers = [];
  const wake = () => {
    for (const resolve of sleepers) resolve();
    sleepers = [];
  };
  const give = (file) => {
    queue.push(file);
    wake();
  };
  const walked = (async () => {
    for (const entry of entries) await walk(entry, give);
  })().finally(() => {
    walking = false;
    wake();
  });
  let next = 0;
  let bytes = 0;
  let done = 0;
  const lane = async () => {
    while (performance.now() < deadline) {
      if (next < queue.length) {
        const read = await job(queue[next++]);
        bytes += read;
        done += 1;
      } else if (walking) {
        await new Promise((resolve) => sleepers.push(resolve));
      } else return;
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, lane));
  await walked;
  return { files: queue.length, bytes, done };
}

const decoder = new TextDecoder('utf-8');
const readText = async (file) => decoder.decode(await file.arrayBuffer());

async function floorPass(entries) {
  const t0 = performance.now();
  let chars = 0;
  const counted = await eachFile(entries, async (file) => {
    const text = await readText(file);
    chars += text.length;
    return file.size;
  });
  return { ms: performance.now() - t0, chars, ...counted };
}

async function readabilityPass(entries, deadline) {
  const t0 = performance.now();
  const parser = new DOMParser();
  let articles = 0;
  let textChars = 0;
  const counted = await eachFile(entries, async (file) => {
    const text = await readText(file);
    const doc = parser.parseFromString(text, 'text/html');
    const article = new Readability(doc).parse();
    if (article) {
      articles += 1;
      textChars += (article.textContent || '').length;
    }
    return file.size;
  }, t0 + deadline);
  return { ms: performance.now() - t0, articles, textChars, ...counted };
}

const zone = document.getElementById('dropzone');
zone.addEventListener('dragover', (event) => event.preventDefault());
zone.addEventListener('drop', async (event) => {
  event.preventDefault();
  const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry()).filter(Boolean);
  try {
    const mode = window.benchMode || 'both';
    const result = {};
    if (mode !== 'readability') result.floor = await floorPass(entries);
    if (mode !== 'floor') result.readability = await readabilityPass(entries, window.benchDeadline || Infinity);
    window.benchResult = result;
  } catch (error) {
    window.benchResult = { error: String(error?.message || error) };
  }
  document.getElementById('result').textContent = JSON.stringify(window.benchResult);
});
