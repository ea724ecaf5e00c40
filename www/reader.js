// The reader view: one article in full, in a modal <dialog> (Esc closes it).
//
// The text is rendered incrementally, so an article of a million paragraphs
// or a 20 MB dump never blocks the page: the first screens at once, the rest
// in small slices (a few milliseconds each) as the reader scrolls towards
// them, fetched from the index worker a page at a time. A paragraph too long
// to lay out in one slice is shown as consecutive pieces.

import { t } from './i18n.js';
import { appendMarked, displayText, el, safeUrl, softCut, timeElement } from './format.js';
import { imageElement, metaLine } from './cards.js';
import { boilerplateNote } from './boilerplate.js';

/** A definition-list row, or nothing when `value` is empty. */
function fact(label, value) {
  if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return [];
  return [el('dt', null, label), el('dd', null, value)];
}

/** The original article's address as a link opening in a new tab; only http(s). */
function originalLink(address) {
  const url = safeUrl(address);
  if (!url) return address || null;
  const a = el('a', 'original', url.href);
  a.href = url.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** Text rendered before the reader opens: a few screens. */
const FIRST_CHARS = 20_000;
/**
 * One slice after that: at most this much text, this many paragraphs, this
 * many milliseconds of building. Laying the slice out costs more than
 * building it (about 2 ms per 10,000 characters of Chinese here), which is
 * why text, not time alone, bounds it.
 */
const SLICE = { chars: 12_000, nodes: 300, ms: 8 };
/** The longest piece of text laid out at once. */
const PIECE_CHARS = 4_000;
/** Render ahead while the end of the text is less than this many screens below the view. */
const AHEAD_SCREENS = 2;

/** Text pieces from the index worker (`{ text, end }`) as blocks to render. */
const blocksOf = (pieces) => pieces.map(({ text, end, marks, heading }) => ({
  text, className: null, end, marks: marks || [], tag: heading ? 'h3' : 'p',
}));

/**
 * The text of an article, appended to `container` as `scroller` (the
 * reader's scrolling box) nears its end. `blocks`: `[{ text, className, end }]`
 * known now (`end` false: the paragraph goes on in the next block);
 * `more(next)` fetches the page of pieces at `next` (null: no more).
 */
class TextFeed {
  constructor(container, scroller, { blocks, next, more }) {
    Object.assign(this, { container, scroller, blocks, next, more });
    this.stopped = false;
    this.fetching = false;
    this.timer = 0;
    this.sentinel = el('div', 'reader-more');
    this.sentinel.setAttribute('aria-hidden', 'true');
    container.append(this.sentinel);
    this.render({ chars: FIRST_CHARS, nodes: Infinity, ms: Infinity });
    if (this.finished) this.sentinel.remove();
    else {
      // The observer reports only changes of intersection: after the loop
      // stops short of the view, a scroll that lands before the observer's
      // next frame would leave it "intersecting" with no new report, and the
      // text would never grow. Scroll events close that gap; the observer
      // covers layout changes (a resized window, images loading).
      this.onScroll = () => this.schedule();
      scroller.addEventListener('scroll', this.onScroll, { passive: true });
      this.observer = new IntersectionObserver(this.onScroll, {
        root: scroller, rootMargin: `0px 0px ${AHEAD_SCREENS * 100}% 0px`,
      });
      this.observer.observe(this.sentinel);
    }
  }

  get finished() {
    return this.blocks.length === 0 && this.next === null;
  }

  /** Appends blocks until `chars` characters, `nodes` paragraphs or `ms` milliseconds are spent. */
  render({ chars, nodes: most, ms }) {
    const started = performance.now();
    const nodes = [];
    let spent = 0;
    while (this.blocks.length && spent < chars && nodes.length < most && performance.now() - started < ms) {
      const block = this.blocks[0];
      const cut = block.text.length > PIECE_CHARS ? softCut(block.text, PIECE_CHARS) : block.text.length;
      const whole = cut >= block.text.length;
      const ends = whole && block.end;
      const piece = el(block.tag || 'p', [block.className, ends ? null : 'piece'].filter(Boolean).join(' ') || null);
      appendMarked(piece, block.text.slice(0, cut), block.marks.filter(([, b]) => b <= cut));
      nodes.push(piece);
      spent += cut;
      if (whole) this.blocks.shift();
      else {
        block.text = block.text.slice(cut);
        block.marks = block.marks.filter(([a]) => a >= cut).map(([a, b]) => [a - cut, b - cut]);
      }
    }
    this.sentinel.before(...nodes);
  }

  /** The end of the text is within reach of the view. */
  near() {
    const view = this.scroller.getBoundingClientRect();
    return this.sentinel.getBoundingClientRect().top < view.bottom + AHEAD_SCREENS * view.height;
  }

  schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.step();
    }, 0);
  }

  async step() {
    if (this.stopped || !this.near()) return;
    if (this.blocks.length) {
      this.render(SLICE);
    } else if (this.next !== null && !this.fetching) {
      this.fetching = true;
      try {
        const { pieces, next } = await this.more(this.next);
        if (this.stopped) return;
        this.next = pieces.length ? next : null; // an empty page: nothing more to be had
        this.blocks.push(...blocksOf(pieces));
      } catch {
        // The index worker failed: the reader shows what it has.
        this.next = null;
      } finally {
        this.fetching = false;
      }
    }
    if (this.finished) return this.stop();
    this.schedule();
  }

  /**
   * Moves to the next (`delta` 1) or previous (-1) match of the query in the
   * text, wrapping around, and scrolls it into view; text not rendered yet
   * is rendered until a next match shows or the fetched text runs out.
   * Returns the current `<mark>`, or null when the text has none.
   */
  moveMark(delta) {
    const marks = () => [...this.container.querySelectorAll('mark')];
    let all = marks();
    const at = all.indexOf(this.container.querySelector('mark.current'));
    while (delta > 0 && at + 1 >= all.length && this.blocks.length) {
      this.render(SLICE);
      all = marks();
    }
    if (!all.length) return null;
    const next = at < 0 ? (delta > 0 ? 0 : all.length - 1) : (at + delta + all.length) % all.length;
    all[at]?.classList.remove('current');
    all[next].classList.add('current');
    all[next].scrollIntoView({ block: 'center' });
    return all[next];
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.observer?.disconnect();
    if (this.onScroll) this.scroller.removeEventListener('scroll', this.onScroll);
    this.sentinel.remove();
  }
}

/**
 * Fills `body` (an <article>) with `record`, the core's JSON of one file
 * without its paragraphs, `pieces` the first page of its text and `next`
 * where the rest starts; `more(next)` fetches the following pages (see
 * index-worker.js). Returns `{ stop() }`, to end the incremental rendering
 * when another article opens or the reader closes.
 */
export function renderArticle(body, { record, pieces, next }, { remoteImages, titleMarks, more }) {
  const title = el('h2', 'reader-title');
  title.id = 'reader-title';
  appendMarked(title, record.title || t('untitled'), titleMarks);

  const byline = [];
  if (record.authors?.length) byline.push(el('span', 'authors', `${t('by')} ${record.authors.join('、')}`));
  if (record.editor) byline.push(el('span', 'editor', `${t('editor')}：${record.editor}`));

  let figure = null;
  const media = imageElement(record.image, remoteImages, 'reader-media');
  if (media) {
    figure = el('figure', 'reader-figure', media);
    if (record.image.caption) figure.append(el('figcaption', null, record.image.caption));
  }

  const text = el('div', 'reader-text');
  const blocks = blocksOf(pieces);
  if (record.lead) blocks.unshift({ text: record.lead, className: 'lead', end: true, marks: record.lead_marks || [] });

  const tags = record.tags?.length
    ? el('ul', 'tags', ...record.tags.map((tag) => el('li', null, tag)))
    : null;

  const source = record.source || {};
  const path = displayText(source.path || '', { reveal: true });
  // The whole path inside the folder or ZIP: it names the channel a file came from.
  const sourceName = el('span', 'source-file', path);
  const facts = el('dl', 'facts',
    ...fact(t('published'), timeElement(record.published)),
    ...fact(t('captured'), timeElement(record.captured)),
    ...fact(t('sourceFile'), sourceName),
    ...fact(t('format'), source.format),
    ...fact(t('encoding'), source.encoding),
    ...fact(t('original'), originalLink(record.url)),
  );

  const warnings = record.warnings?.length
    ? el('details', 'warnings', el('summary', null, t('warnings')), el('ul', null, ...record.warnings.map((w) => el('li', null, w))))
    : null;

  body.replaceChildren(...[
    title,
    metaLine(record, 'reader-meta'),
    byline.length ? el('p', 'byline', ...byline.flatMap((b, i) => (i ? [' · ', b] : [b]))) : null,
    figure,
    text,
    boilerplateNote(record),
    tags,
    facts,
    warnings,
  ].filter(Boolean));
  return new TextFeed(text, body, { blocks, next, more });
}
