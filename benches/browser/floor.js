// The floor and Readability.js, for `make bench-web` (benches/browser/ingest.mjs).
//
// A folder dropped on #dropzone is walked with the same entries API the page
// uses (webkitGetAsEntry, readEntries until empty), then read twice:
// - floor: every file into an ArrayBuffer and decoded as UTF-8 text, the least
//   any page must do with the same files;
// - Readability.js: the same reading, then DOMParser and `new Readability(doc).parse()`
//   per file (on the main thread: DOMParser exists nowhere else).
// The result lands in `window.benchResult`; `window.benchMode` picks the passes
// ('floor', 'readability' or 'both') and `window.benchDeadline` (ms from the
// drop) stops the Readability pass early, saying how many files it reached.

/* global Readability */

const READS_IN_FLIGHT = 8;

async function walk(entry, out) {
  if (entry.isFile) {
    out.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return;
    for (const child of batch) await walk(child, out);
  }
}

/** Runs `job(file)` over `files`, `READS_IN_FLIGHT` at a time; resolves to the bytes read. */
async function eachFile(files, job, deadline = Infinity) {
  let next = 0;
  let bytes = 0;
  let done = 0;
  const lane = async () => {
    while (next < files.length && performance.now() < deadline) {
      const file = files[next++];
      bytes += await job(file);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, lane));
  return { bytes, done };
}

const decoder = new TextDecoder('utf-8');
const readText = async (file) => decoder.decode(await file.arrayBuffer());

async function floorPass(files) {
  const t0 = performance.now();
  let chars = 0;
  const { bytes, done } = await eachFile(files, async (file) => {
    const text = await readText(file);
    chars += text.length;
    return file.size;
  });
  return { ms: performance.now() - t0, bytes, done, chars };
}

async function readabilityPass(files, deadline) {
  const t0 = performance.now();
  const parser = new DOMParser();
  let articles = 0;
  let textChars = 0;
  const { bytes, done } = await eachFile(files, async (file) => {
    const doc = parser.parseFromString(await readText(file), 'text/html');
    const article = new Readability(doc).parse();
    if (article) {
      articles += 1;
      textChars += (article.textContent || '').length;
    }
    return file.size;
  }, deadline);
  return { ms: performance.now() - t0, bytes, done, articles, textChars };
}

const zone = document.getElementById('dropzone');
zone.addEventListener('dragover', (event) => event.preventDefault());
zone.addEventListener('drop', async (event) => {
  event.preventDefault();
  const t0 = performance.now();
  const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry()).filter(Boolean);
  try {
    const files = [];
    for (const entry of entries) await walk(entry, files);
    const walkMs = performance.now() - t0;
    const mode = window.benchMode || 'both';
    const result = { files: files.length, walkMs };
    if (mode !== 'readability') result.floor = await floorPass(files);
    if (mode !== 'floor') result.readability = await readabilityPass(files, t0 + (window.benchDeadline || Infinity));
    window.benchResult = result;
  } catch (error) {
    window.benchResult = { error: String(error?.message || error) };
  }
  document.getElementById('result').textContent = JSON.stringify(window.benchResult);
});
