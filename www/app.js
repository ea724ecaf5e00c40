// The page: intake (pickers, drops, sample) → worker → cards, search, reader.

import { Core } from './core.js';
import { count, num, t, translatePage } from './i18n.js';
import { baseName, displayText, el } from './format.js';
import { problemText, queryErrorText } from './problems.js';
import { card } from './cards.js';
import { VirtualList } from './list.js';
import { renderArticle } from './reader.js';
import { fromDataTransfer, fromFileList, fromSample, load } from './intake.js';
import { setupExport } from './export.js';
import { scrollingChips } from './facet-scroll.js';
import { Keeper } from './keep.js';
import { readView, ViewHistory } from './view-state.js';
import { learnBoilerplate } from './boilerplate.js';
import { groupBadge, Stories } from './stories.js';
import { Timeline } from './timeline.js';
import { setupConcordance } from './concordance.js';

const $ = (id) => document.getElementById(id);

translatePage();

const ui = {
  intake: $('intake'), dropzone: $('dropzone'), overlay: $('drop-overlay'),
  pickFiles: $('pick-files'), pickFolder: $('pick-folder'), sample: $('sample'),
  progress: $('progress'), progressBar: $('progress-bar'), progressText: $('progress-text'), cancel: $('cancel'),
  status: $('status'), browse: $('browse'), query: $('query'), queryError: $('query-error'),
  resultCount: $('result-count'), facets: $('facets'), facetGroups: $('facet-groups'), facetSummary: $('facet-summary'), list: $('list'), spacer: $('list-spacer'), empty: $('empty'),
  problems: $('problems'), problemCount: $('problem-count'), problemList: $('problem-list'),
  reader: $('reader'), readerBody: $('reader-body'), readerPrev: $('reader-prev'), readerNext: $('reader-next'),
  readerClose: $('reader-close'), remoteImages: $('remote-images'), version: $('version'),
  stored: $('stored'), storedText: $('stored-text'), clearStored: $('clear-stored'),
};

const state = {
  /** Core stats ({ files, articles, errors, duplicates }). */
  stats: { files: 0, articles: 0, errors: 0, duplicates: 0 },
  /** Files the browser itself could not read (never reached the core). */
  unread: 0,
  active: -1,
  remoteImages: false,
  /** The document open in the reader, or null, and its article id (what the URL names). */
  open: null,
  openId: null,
};

const core = new Core({ onRecovery });
const keeper = new Keeper(core, { panel: ui.stored, text: ui.storedText, clear: ui.clearStored });
const stories = new Stories(core, {
  onChange: () => {
    updateStatus();
    search();
  },
  view: () => ({ q: ui.query.value, sort: currentSort() }),
});
const timeline = new Timeline(core, { query: ui.query, collapse: () => stories.collapse() });
/**
 * Lays out one card, unseen, while the page is idle: the first layout of a
 * card costs a fresh page 40–90 ms (font and shaping caches warming up),
 * which would otherwise land on the main thread just as the first files
 * come in.
 */
function primeCardLayout() {
  const sample = {
    doc: -1, path: '', title: `${t('untitled')} 剪报 jianbao`, outlet: 'jianbao', section: t('articles'),
    published: '2024-03-22T14:10:00Z', lead: `${t('tagline')} 把抓取的新闻存档读成文章。`, tags: [t('tags'), '标签'], image: { src: 'https://example.invalid/' },
  };
  const primer = el('div', 'layout-primer', card(sample, null, { index: 0, total: 1, remoteImages: false, active: true, tabbable: false }));
  primer.setAttribute('aria-hidden', 'true');
  document.body.append(primer);
  primer.getBoundingClientRect();
  primer.remove();
}

const startWhenIdle = () => {
  core.start();
  primeCardLayout();
  // Offline after one visit (sw.js). Where service workers are missing or
  // refused (a file: page, some private windows), the page works as before.
  navigator.serviceWorker?.register('./sw.js', { updateViaCache: 'none' }).catch(() => {});
};
if ('requestIdleCallback' in window) requestIdleCallback(startWhenIdle, { timeout: 1000 });
else setTimeout(startWhenIdle, 200);
core.ready.then(
  (version) => { ui.version.textContent = `jianbao ${version}`; },
  (error) => showStatus(t('coreFailed', error.message)),
);

/**
 * The debugging handle, for the browser's console and the end-to-end tests:
 * `jianbaoDebug.kill('index')` stops the index worker, `kill(0)` …
 * `kill(extractionWorkers() - 1)` an extraction worker, `kill('zip')` the
 * archive worker, as if the browser had killed it; the page then recovers as
 * it would from a crash. Nothing on the page itself calls it.
 */
window.jianbaoDebug = Object.freeze({
  kill: (which) => core.kill(which),
  extractionWorkers: () => core.pool?.size ?? 0,
});

/** While a fresh index worker is being refilled: say so, then show the list again. */
let rebuilding = false;
function onRecovery(busy) {
  rebuilding = busy;
  if (busy) showStatus(t('rebuilding'));
  else {
    updateStatus();
    search({ keepPosition: true });
    stories.regroup(); // a fresh index worker knows no stories yet
  }
  updateBusy();
}

// ---------------------------------------------------------------- status

function showStatus(text) {
  ui.status.textContent = text;
}

function problemsTotal() {
  return state.stats.errors + state.unread;
}

/** "1,234 articles · 3 problems": files in = articles + problems, always. */
function updateStatus() {
  const { articles, duplicates } = state.stats;
  const problems = problemsTotal();
  let text = `${count('nArticles', articles)} · ${count('nProblems', problems)}`;
  if (duplicates) text += ` · ${count(stories.collapse() === 'none' ? 'nDuplicates' : 'nHidden', duplicates)}`;
  showStatus(rebuilding ? t('rebuilding') : text);
  const hidden = stories.collapse() === 'none' ? 0 : duplicates;
  Object.assign(ui.status.dataset, { files: state.stats.files + state.unread, articles, problems, hidden });
  ui.problemCount.textContent = `(${num(problems)})`;
  ui.problems.hidden = problems === 0;
  ui.browse.hidden = state.stats.files + state.unread === 0;
  // Once something is loaded, the drop zone steps back for the list.
  ui.intake.classList.toggle('compact', !ui.browse.hidden);
}

/** Adds a problem row; `code` (the core's, when there is one) picks the translation. */
function addProblem(path, reason, code = null) {
  // A file name is shown with its invisible characters made visible (a
  // right-to-left override must not disguise `x.md` as `x.exe.jpg`).
  const shown = displayText(path, { reveal: true });
  const name = el('span', 'problem-file', baseName(shown));
  name.title = shown;
  const { text, detail } = problemText(code, reason);
  const why = el('span', 'problem-reason', text);
  if (detail) why.title = detail;
  const item = el('li', null, name, why);
  if (code) item.dataset.code = code;
  if (path !== baseName(path)) item.append(el('span', 'problem-path', shown));
  ui.problemList.append(item);
}

// ---------------------------------------------------------------- intake

/**
 * The feed is busy while files load or a search runs (aria-busy, which the
 * end-to-end tests also wait on).
 */
function updateBusy() {
  const busy = controller !== null || searching || searchAgain || searchTimer !== 0 || rebuilding || restoring;
  ui.list.setAttribute('aria-busy', String(busy));
}

let jobs = Promise.resolve();
let controller = null;
/** While the corpus stored on this computer is being restored (the first job). */
let restoring = false;
/** Progress of the running load: files (and ZIP entries) expected, and done. */
const progress = { expected: 0, done: 0 };

/** Queues a load; `getEntries` resolves to the entries to read. */
function ingest(getEntries) {
  jobs = jobs.then(async () => {
    let entries;
    try {
      entries = await getEntries();
    } catch (error) {
      showStatus(String(error.message || error));
      return;
    }
    // An array is counted at once; a drop's folder walk as it goes.
    const counted = Array.isArray(entries);
    if (counted && !entries.length) return;
    controller = new AbortController();
    Object.assign(progress, { expected: counted ? entries.length : 0, done: 0 });
    ui.progress.hidden = false;
    ui.cancel.disabled = false;
    updateBusy();
    showProgress();
    core.start();
    let cancelled = false;
    try {
      if (!(await core.ready.then(() => true, () => false))) { // the status says why
        ui.progress.hidden = true;
        return;
      }
      await load(core, entries, {
        signal: controller.signal,
        onFound: () => {
          if (!counted) progress.expected++;
        },
        onMore: (n) => {
          progress.expected += n;
        },
        onUnread: (path, error) => {
          state.unread++;
          progress.done++;
          addProblem(path, t('readFailed', error?.message || error));
          updateStatus();
        },
        onAdded: (summaries, stats) => {
          // A ZIP counts as the entries inside it.
          progress.done += summaries.length;
          progress.expected = Math.max(progress.expected, progress.done);
          showAdded(summaries, stats);
          showProgress();
        },
      });
      cancelled = controller.signal.aborted;
      if (cancelled) {
        ui.cancel.disabled = true;
        ui.progressText.textContent = t('cancelled', num(progress.done));
      } else {
        ui.progress.hidden = true;
      }
    } catch (error) {
      // What was loaded stays; say why the rest was not.
      ui.progress.hidden = true;
      showStatus(t('loadFailed', String(error?.message || error)));
      return;
    } finally {
      controller = null;
      updateBusy();
    }
    await learnBoilerplate(core); // each outlet's furniture leaves search before the list is searched again
    search({ keepPosition: true });
    openLinkedArticle();
    stories.regroup();
    await keeper.save(); // what was read (a cancelled load's part too) is kept on this computer
  }).catch((error) => {
    // Keep the queue alive for the next drop; say what went wrong.
    controller = null;
    updateBusy();
    showStatus(String(error?.message || error));
  });
  return jobs;
}

/** Cards and problem rows for records the index now holds; `stats` its counts after them. */
function showAdded(summaries, stats) {
  for (const s of summaries) {
    // An article's card comes with the search hit that lists it (its `card`).
    if (s.error) {
      if (s.doc == null) state.unread++; // never reached the corpus
      addProblem(s.path, s.error, s.code);
    }
  }
  state.stats = stats;
  updateStatus();
  scheduleSearch();
}

// The first job: the corpus stored on this computer, if there is one (drops
// made meanwhile wait their turn, so they add to it).
jobs = jobs.then(async () => {
  restoring = true;
  updateBusy();
  try {
    if (await keeper.restore(showAdded)) {
      search({ keepPosition: true });
      stories.regroup();
    }
  } finally {
    restoring = false;
    updateBusy();
  }
  openLinkedArticle();
}).catch((error) => showStatus(String(error?.message || error)));

function showProgress() {
  ui.progressBar.max = Math.max(progress.expected, 1);
  ui.progressBar.value = progress.done;
  ui.progressText.textContent = t('progress', num(progress.done), num(progress.expected),
    count('nArticles', state.stats.articles), count('nProblems', problemsTotal()));
}

ui.cancel.addEventListener('click', () => controller?.abort());

ui.pickFiles.addEventListener('change', () => {
  const entries = fromFileList(ui.pickFiles.files);
  ui.pickFiles.value = '';
  ingest(async () => entries);
});
ui.pickFolder.addEventListener('change', () => {
  const entries = fromFileList(ui.pickFolder.files);
  ui.pickFolder.value = '';
  ingest(async () => entries);
});
ui.sample.addEventListener('click', () => {
  ui.sample.disabled = true; // loading it twice would only add duplicates
  ingest(async () => {
    const entries = await fromSample().catch((error) => {
      ui.sample.disabled = false;
      throw new Error(t('sampleFailed', error.message));
    });
    // Done, not unavailable: the button says so instead of fading out.
    ui.sample.textContent = t('sampleLoaded');
    ui.sample.classList.add('loaded');
    return entries;
  });
});

// Drops anywhere on the page.
const hasFiles = (event) => Array.from(event.dataTransfer?.types || []).includes('Files');
let dragDepth = 0;
document.addEventListener('dragenter', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  dragDepth++;
  ui.overlay.hidden = false;
});
document.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) ui.overlay.hidden = true;
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  dragDepth = 0;
  ui.overlay.hidden = true;
  if (!event.dataTransfer) return;
  const entries = fromDataTransfer(event.dataTransfer); // synchronous capture
  ingest(() => entries);
});

// ---------------------------------------------------------------- search

/**
 * The current results, fetched from the core a page at a time: the list knows
 * `total` at once and asks for the hits (with their highlights and snippets)
 * of the rows it shows, so 50,000 matches cost no more than 40. Forty
 * cards fill several screens; each card's highlights and snippet are about
 * half of a query's engine time at 65,000 articles (100 a page: p95 25 ms).
 */
const PAGE = 40;
const results = { generation: 0, query: '', sort: 'relevance', collapse: 'copies', total: 0, estimated: false, pages: new Map(), loading: new Map() };

/** The hit at list position `index`, if its page is loaded. */
function hitAt(index) {
  return results.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
}

/** Loads the page holding `index` (once); resolves to that hit. */
function fetchHit(index) {
  const page = Math.floor(index / PAGE);
  if (results.pages.has(page)) return Promise.resolve(hitAt(index));
  if (!results.loading.has(page)) {
    const { generation, query, sort, collapse } = results;
    results.loading.set(page, core.search(query, sort, { offset: page * PAGE, limit: PAGE, collapse, quickTotal: true }).then((reply) => {
      if (generation !== results.generation) return;
      results.loading.delete(page);
      if (reply.error) return;
      results.pages.set(page, reply.hits);
      for (let i = page * PAGE; i < (page + 1) * PAGE; i++) list.rerender(i);
    }, () => {
      results.loading.delete(page); // asked again once the index is back
    }));
  }
  return results.loading.get(page).then(() => hitAt(index));
}

let searching = false;
let searchAgain = false;
let searchTimer = 0;

/**
 * While files stream in, the list refreshes at most a few times a second:
 * at once when it has not for a while (so the first cards show as soon as
 * they exist), else at the end of the interval. The interval grows with
 * what a refresh costs (its searches, its cards and facets), so refreshing
 * takes at most a twentieth of the time: at 65,000 articles a refresh costs
 * about 60 ms, and a fixed 300 ms spent a fifth of the index worker's load
 * time on lists nobody had asked for yet.
 */
const REFRESH_MS = 300;
const REFRESH_SHARE = 20;
let lastRefresh = -Infinity;
let refreshCost = 0;
function scheduleSearch() {
  if (searchTimer) return;
  const interval = Math.max(REFRESH_MS, REFRESH_SHARE * refreshCost);
  const wait = Math.max(0, lastRefresh + interval - performance.now());
  searchTimer = setTimeout(async () => {
    searchTimer = 0;
    lastRefresh = performance.now();
    updateBusy();
    await search({ keepPosition: true });
    refreshCost = performance.now() - lastRefresh;
  }, wait);
  updateBusy();
}

function currentSort() {
  return document.querySelector('input[name="sort"]:checked')?.value || 'relevance';
}

/** Runs the current query; requests are coalesced so typing never queues work. */
async function search({ keepPosition = false } = {}) {
  if (searching) {
    searchAgain = true;
    return;
  }
  searching = true;
  updateBusy();
  const query = ui.query.value;
  const sort = currentSort();
  const collapse = stories.collapse();
  try {
    // The first page at once: candidates beyond it are verified by the facet
    // request, which brings the exact count (a 4-character query at 65,000
    // articles: 12 ms → 3 ms in the list's request).
    const reply = await core.search(query, sort, { limit: PAGE, collapse, quickTotal: true });
    if (!searchAgain && !reply.error) showResults(reply, query, sort, collapse, keepPosition);
    if (!searchAgain && reply.error) showQueryError(reply.error);
    if (!searchAgain && !reply.error) timeline.update();
    // Facets (counts over the whole result set) come second: the list first.
    const facets = searchAgain || reply.error ? null : await core.search(query, sort, { limit: 0, facets: true, collapse });
    if (!searchAgain && facets && !facets.error) {
      if (results.estimated) showExactTotal(facets.total);
      renderFacets(facets.facets);
    }
  } catch (error) {
    // The index worker failed: it is being rebuilt, and the search runs again
    // once it is back (onRecovery). A core that cannot be rebuilt says so.
    if (!rebuilding) showStatus(String(error?.message || error));
  } finally {
    searching = false;
    updateBusy();
  }
  if (searchAgain) {
    searchAgain = false;
    return search({ keepPosition });
  }
}

/**
 * A malformed query: the error replaces the results, so no list or count of
 * an earlier query stands under it as if it were this one's.
 */
function showQueryError(error) {
  ui.queryError.textContent = displayText(queryErrorText(error));
  ui.queryError.hidden = false;
  ui.query.setAttribute('aria-invalid', 'true');
  Object.assign(results, { generation: results.generation + 1, query: ui.query.value, total: 0, pages: new Map(), loading: new Map() });
  state.active = -1;
  ui.resultCount.textContent = '';
  ui.empty.hidden = true;
  ui.facets.hidden = true;
  list.setCount(0);
}

function showResults(reply, query, sort, collapse, keepPosition) {
  ui.queryError.hidden = true;
  ui.query.removeAttribute('aria-invalid');
  Object.assign(results, {
    generation: results.generation + 1, query, sort, collapse, total: reply.total ?? reply.hits.length,
    estimated: !!reply.estimatedTotal, pages: new Map([[0, reply.hits]]), loading: new Map(),
  });
  state.active = keepPosition ? Math.min(state.active, results.total - 1) : -1;
  showTotal();
  concordance.update();
  list.setCount(results.total, { keepScroll: keepPosition });
}

/** The count of results and the empty state; an estimated total (an upper bound) is not shown: the exact count follows. */
function showTotal() {
  if (!results.estimated) ui.resultCount.textContent = results.query.trim() ? count('matches', results.total) : '';
  ui.empty.hidden = results.total > 0 || state.stats.articles === 0;
}

/** The exact count of results listed with an upper bound: the list shrinks to it, its cards stay. */
function showExactTotal(total) {
  results.total = total;
  results.estimated = false;
  state.active = Math.min(state.active, total - 1);
  showTotal();
  list.resize(total);
  for (const row of ui.spacer.querySelectorAll('[aria-setsize]')) row.setAttribute('aria-setsize', total);
}

// Export writes what the list shows: the query and sort of the results on screen.
setupExport(core, () => ({ query: results.query, sort: results.sort, total: results.total, collapse: results.collapse }));
const concordance = setupConcordance(core, $('export-status'), {
  view: () => ({ query: results.query, sort: results.sort }),
  openAt: (doc, mark) => openArticle({ doc, title_marks: [] }, -1, { url: 'push', mark }),
  reader: ui.reader,
});

ui.query.addEventListener('input', () => {
  search();
  views.replace(currentView());
});
for (const radio of document.querySelectorAll('input[name="sort"]')) {
  radio.addEventListener('change', () => {
    search();
    views.push(currentView());
  });
}

// ---------------------------------------------------------------- the view in the URL (view-state.js)

/** What the page shows, as the fragment names it. */
function currentView() {
  return { q: ui.query.value, sort: currentSort(), doc: state.open === null ? null : state.openId };
}

/** An article id from the fragment, opened as soon as a corpus holding it is loaded. */
let linkedArticle = null;

/** Shows `view` (from the fragment: page open, Back, Forward). */
function applyView(view, { run = true } = {}) {
  const changed = ui.query.value !== view.q || currentSort() !== view.sort;
  ui.query.value = view.q;
  const radio = document.querySelector(`input[name="sort"][value="${view.sort}"]`);
  if (radio) radio.checked = true;
  if (changed && run) search();
  linkedArticle = view.doc;
  if (!view.doc && ui.reader.open) ui.reader.close();
  else openLinkedArticle();
}

/**
 * Opens the article the fragment names, if the corpus holds it and it is not
 * open already (the index worker finds it: the page holds only listed cards).
 */
async function openLinkedArticle() {
  const wanted = linkedArticle;
  if (!wanted || state.stats.articles === 0) return;
  if (state.open !== null && state.openId === wanted) return;
  let doc = null;
  try {
    doc = await core.docOfId(wanted);
  } catch {
    return; // the index worker failed; the page says so where it searches
  }
  // Opened meanwhile, or the fragment moved on while the worker looked.
  if (doc === null || linkedArticle !== wanted || (state.open !== null && state.openId === wanted)) return;
  openArticle({ doc, title_marks: [] }, -1, { url: false });
}

const views = new ViewHistory((view) => applyView(view), currentView);
applyView(readView(), { run: false }); // the first search runs once files are there

/**
 * Facet chips from the core's search (value counts over the whole result
 * set). A chip adds its filter to the query, so the query box always says
 * what the list shows; pressing it again takes the filter out.
 */
// Facet order on the page; each value comes from the core with the query
// term that selects it (`filter`) and whether the query holds it (`active`).
const FACET_NAMES = ['outlet', 'year', 'month', 'section', 'tag', 'author', 'format', 'language'];
/** The query with `term` taken out as a whole term (never part of a longer one). */
const withoutTerm = (query, term) => ` ${query} `.split(` ${term} `).join(' ');
/** Facets whose values may be chosen together (`outlet:RFI OR outlet:VOA`); the core counts them so. */
const OR_FACETS = new Set(['outlet', 'section', 'tag', 'author', 'format', 'language']);
/** The query with a facet term taken out, from an OR group of them too. */
const withoutFacetTerm = (query, term) => withoutTerm(
  ` ${query} `.split(` ${term} OR `).join(' ').split(` OR ${term} `).join(' '), term,
);

function renderFacets(facets) {
  const groups = [];
  for (const name of FACET_NAMES) {
    const values = (facets?.[name] || []).filter((f) => f?.filter);
    const active = values.filter((f) => f.active);
    // A facet with one value filters nothing, unless it is the active filter.
    if (values.length < 2 && active.length === 0) continue;
    // Every value (a month facet of six years has 72): the row scrolls.
    const shown = [...active, ...values.filter((f) => !active.includes(f))];
    const group = el('div', 'facet-group', el('span', 'facet-name', t(`facet_${name}`)));
    const chips = [];
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t(`facet_${name}`));
    for (const { value, count: n, filter: term, active: on } of shown) {
      const chip = el('button', 'chip', `${value} `, el('span', 'count', num(n ?? 0)));
      chip.type = 'button';
      chip.setAttribute('aria-pressed', String(on));
      chip.addEventListener('click', () => {
        const q = ui.query.value.replace(/\s+/g, ' ').trim();
        // A second value of a metadata facet joins the first in an OR group.
        const group = OR_FACETS.has(name) && !on && active.length ? active[active.length - 1].filter : null;
        const next = on ? withoutFacetTerm(q, term) : group ? ` ${q} `.replace(` ${group} `, ` ${group} OR ${term} `) : `${q} ${term}`;
        ui.query.value = next.replace(/\s+/g, ' ').trim();
        search();
        views.push(currentView());
      });
      chips.push(chip);
    }
    group.append(scrollingChips(chips, t(`facet_${name}`)));
    groups.push(group);
  }
  ui.facetGroups.replaceChildren(...groups);
  ui.facets.hidden = groups.length === 0;
  const activeCount = ui.facetGroups.querySelectorAll('[aria-pressed="true"]').length;
  ui.facetSummary.textContent = activeCount ? `${t('filters')} (${num(activeCount)})` : t('filters');
}

// ---------------------------------------------------------------- list

const list = new VirtualList(ui.list, ui.spacer, (index) => {
  const hit = hitAt(index);
  const summary = hit?.card;
  if (!summary) {
    if (!hit) fetchHit(index);
    return el('div', 'card skeleton');
  }
  const node = card(summary, hit, {
    index,
    total: results.total,
    remoteImages: state.remoteImages,
    active: index === state.active,
    // Roving tabindex: the active card, or the first when none is, takes Tab.
    tabbable: index === Math.max(state.active, 0),
  });
  const badge = groupBadge(hit, results.collapse);
  if (badge) node.querySelector('.card-meta')?.append(' ', badge);
  return node;
});

function setActive(index, { focus = true } = {}) {
  if (!results.total) return;
  index = Math.max(0, Math.min(results.total - 1, index));
  for (const row of ui.spacer.querySelectorAll('.card.active, .card[tabindex="0"]')) {
    row.classList.remove('active');
    row.tabIndex = -1;
  }
  state.active = index;
  if (!hitAt(index)) {
    fetchHit(index).then(() => state.active === index && setActive(index, { focus }));
  }
  const row = list.reveal(index);
  if (row && hitAt(index)) {
    row.classList.add('active');
    row.tabIndex = 0;
    if (focus) row.focus({ preventScroll: true });
    // The list may itself be partly below the fold: the page scrolls too.
    row.scrollIntoView({ block: 'nearest' });
  }
}

// A card reached with Tab (or clicked) becomes the active one; not the card
// the browser refocuses when the reader closes (the reader may have moved on).
ui.list.addEventListener('focusin', (event) => {
  if (state.open !== null) return;
  const row = event.target.closest?.('.card[data-index]');
  if (row && Number(row.dataset.index) !== state.active) setActive(Number(row.dataset.index), { focus: false });
});

ui.list.addEventListener('click', (event) => {
  const row = event.target.closest('.card');
  if (!row) return;
  setActive(Number(row.dataset.index), { focus: false });
  if (event.target.closest('.open') || !window.getSelection()?.toString()) openReader(Number(row.dataset.index));
});

ui.remoteImages.addEventListener('change', () => {
  state.remoteImages = ui.remoteImages.checked;
  list.refresh();
});

// ---------------------------------------------------------------- reader

/** The open article's incremental text (reader.js), stopped when another opens or the reader closes. */
let readerFeed = null;

async function openReader(index, { url = 'push' } = {}) {
  const hit = await fetchHit(index);
  if (hit) await openArticle(hit, index, { url });
}

/**
 * Opens `hit`'s article; `index`: its place in the list (-1 when not known:
 * an article named by the fragment). `url`: how the URL follows ('push',
 * 'replace', or false when the URL already names it).
 */
async function openArticle(hit, index, { url, mark = 0 }) {
  state.open = hit.doc;
  state.openId = hit.card?.id ?? null;
  let article = null;
  try {
    article = await core.article(hit.doc, results.query);
  } catch (error) {
    showStatus(String(error?.message || error)); // the index worker failed; it is being rebuilt
  }
  if (state.open !== hit.doc) return; // another article was asked for meanwhile
  if (!article?.record) {
    state.open = null;
    return;
  }
  state.openId = article.record.id ?? null;
  readerFeed?.stop();
  const doc = hit.doc;
  readerFeed = renderArticle(ui.readerBody, article, {
    remoteImages: state.remoteImages,
    titleMarks: hit.title_marks,
    more: (next) => core.paragraphs(doc, next),
  });
  const openGroupMember = (member) => openArticle({ doc: member, title_marks: [] }, -1, { url: 'push' });
  stories.showLinks(ui.readerBody.querySelector('.facts'), doc, openGroupMember);
  ui.readerPrev.disabled = index <= 0;
  ui.readerNext.disabled = index < 0 || index === results.total - 1;
  if (!ui.reader.open) ui.reader.showModal();
  if (url === 'push') views.opened(currentView());
  else if (url === 'replace') views.replace(currentView());
  ui.readerBody.scrollTop = 0;
  ui.readerClose.focus();
  // The first match of the query, if the text has one, or the concordance row's `mark`-th.
  if (results.query.trim()) for (let i = 0; i <= mark; i++) readerFeed.moveMark(1);
}

function step(delta) {
  if (!ui.reader.open) return setActive(state.active + delta);
  const index = state.active + delta;
  if (index < 0 || index >= results.total) return;
  setActive(index, { focus: false });
  openReader(index, { url: 'replace' });
}

ui.readerClose.addEventListener('click', () => ui.reader.close());
ui.readerPrev.addEventListener('click', () => step(-1));
ui.readerNext.addEventListener('click', () => step(1));
ui.reader.addEventListener('close', () => {
  state.open = null;
  linkedArticle = null;
  views.closed(currentView());
  readerFeed?.stop();
  readerFeed = null;
  if (state.active >= 0) setActive(state.active);
});
// A click on the backdrop (outside the dialog's box) closes it.
ui.reader.addEventListener('click', (event) => {
  if (event.target === ui.reader) ui.reader.close();
});

// ---------------------------------------------------------------- keyboard

const isEditable = (node) => node instanceof HTMLElement
  && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName))
  && !(node instanceof HTMLInputElement && /^(checkbox|radio|button|file)$/.test(node.type));

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  const typing = isEditable(event.target);
  if (event.target === ui.query) {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      setActive(Math.max(state.active, 0));
    }
    return;
  }
  if (typing) return;
  switch (event.key) {
    case '/':
      if (ui.reader.open) return;
      event.preventDefault();
      ui.query.focus();
      ui.query.select();
      break;
    case 'ArrowDown':
    case 'j':
      if (ui.reader.open && event.key === 'ArrowDown') return; // scrolls the article
      event.preventDefault();
      step(1);
      break;
    case 'ArrowUp':
    case 'k':
      if (ui.reader.open && event.key === 'ArrowUp') return;
      event.preventDefault();
      step(-1);
      break;
    case 'n':
    case 'N':
      if (!ui.reader.open) return;
      event.preventDefault();
      readerFeed?.moveMark(event.key === 'n' ? 1 : -1);
      break;
    case 'Home':
    case 'End':
      if (ui.reader.open || !results.total) return;
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : results.total - 1);
      break;
    case 'Enter':
      if (ui.reader.open || state.active < 0) return;
      if (event.target.closest?.('button, a, label') && !event.target.closest('.card')) return;
      event.preventDefault();
      openReader(state.active);
      break;
    default:
  }
});
