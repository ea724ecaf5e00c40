// Reads fixtures/corpus with its own instance of the wasm core (so the page's
// instance starts with fresh memory), keeps the files that are articles, and
// prepares the ground truth: every article's title, lead and paragraphs
// normalised by the core, and the query list with normalised queries.

import init, { WasmCorpus, normalize } from '/www/pkg/jianbao_wasm.js';

const LENGTHS = [1, 2, 3, 4, 8];
const PER_SCRIPT = 20;

/**
 * The fixed query list of benches/support/search_corpus.rs (`queries`), same
 * generator and seed: for each length, 20 Han-only substrings of paragraphs
 * that normalisation leaves alone (Simplified) and up to 20 that it changes
 * (Traditional).
 */
function makeQueries(articles) {
  const texts = articles.flatMap((a) => a.paragraphs).map((p) => Array.from(p)).filter((p) => p.length >= 16);
  const han = (c) => {
    const u = c.codePointAt(0);
    return (u >= 0x3400 && u <= 0x4dbf) || (u >= 0x4e00 && u <= 0x9fff);
  };
  const M = (1n << 64n) - 1n;
  let seed = 0x2545f4914f6cdd1dn;
  const next = () => {
    seed ^= (seed << 13n) & M;
    seed ^= seed >> 7n;
    seed ^= (seed << 17n) & M;
    return seed;
  };
  const out = [];
  const seen = new Set();
  for (const len of LENGTHS) {
    for (const traditional of [false, true]) {
      let got = 0;
      for (let attempt = 0; attempt < 200_000 && got < PER_SCRIPT; attempt++) {
        const t = texts[Number(next() % BigInt(texts.length))];
        const start = Number(next() % BigInt(t.length - len));
        const chars = t.slice(start, start + len);
        if (!chars.every(han)) continue;
        const q = chars.join('');
        const norm = normalize(q);
        if ((norm !== q) !== traditional || seen.has(q)) continue;
        seen.add(q);
        out.push({ len, traditional, text: q, norm });
        got++;
      }
    }
  }
  return out;
}

self.onmessage = async ({ data: { base, files } }) => {
  try {
    await init();
    const corpus = new WasmCorpus();
    const articles = [];
    let errors = 0;
    for (const f of files) {
      const url = base + f.split('/').map(encodeURIComponent).join('/');
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const summary = corpus.addFile(`corpus/${f}`, bytes);
      if (summary.error) {
        errors++;
        continue;
      }
      const record = corpus.get(summary.doc);
      const fields = [record.title || '', record.lead || '', ...record.paragraphs];
      articles.push({
        path: f,
        title: record.title || '',
        lead: record.lead || '',
        paragraphs: record.paragraphs,
        norm: fields.map((x) => normalize(x)),
      });
    }
    corpus.free();
    postMessage({ articles, errors, queries: makeQueries(articles) });
  } catch (error) {
    postMessage({ error: String(error?.stack || error) });
  }
};
