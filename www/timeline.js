// The timeline: articles per period for the current search, as an SVG bar
// chart in a disclosure above the list. The buckets are the core's
// (src/analysis/timeline.rs, through the index worker: index-timeline.js),
// in the user's current zone offset, which the caption names.
//
// Choosing bars — dragging across them, or Enter on a focused bar (Shift+Enter
// extends from the last chosen bar) — writes `after:FROM before:TO` into the
// query box (FROM and TO are the core's own bounds of the bars) and searches,
// so the list, its counts and facets follow. The chart itself is of the
// search without its date terms, the chosen bars highlighted. Below it, the
// trends of up to five terms (trends.js) follow the same search and zoom. The
// charts are exported as SVG or PNG through a Blob URL.

import { count, num, t } from './i18n.js';
import { el } from './format.js';
import { download } from './export.js';
import { Trends } from './trends.js';

const PERIODS = ['year', 'month', 'week', 'day'];
const SVG = 'http://www.w3.org/2000/svg';
/** Chart geometry in CSS pixels. */
const BAR_WIDTH = 18;
const BAR_GAP = 3;
const CHART_HEIGHT = 140;
const LABEL_HEIGHT = 18;
/** The query's date terms, replaced when bars are chosen. */
const DATE_TERM = /(^|\s)(after|before):\S+/g;

/** The user's current offset from UTC in minutes (east positive), and its zone named. */
function currentZone() {
  const offset = -new Date().getTimezoneOffset();
  const sign = offset < 0 ? '−' : '+';
  const abs = Math.abs(offset);
  const utc = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { offset, label: name ? `${name} (${utc})` : utc };
}

/** `query` without its `after:`/`before:` terms. */
export function withoutDates(query) {
  return query.replace(DATE_TERM, '$1').replace(/\s+/g, ' ').trim();
}

export function svgNode(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

export class Timeline {
  /**
   * `query`: the query box (its value is read, written, and an `input` event
   * dispatched); `collapse()`: the list's collapse, so the bars count what it shows.
   */
  constructor(core, { query, collapse }) {
    Object.assign(this, { core, query, collapse });
    this.by = 'month';
    this.buckets = [];
    this.anchor = null;
    this.drag = null;
    this.generation = 0;
    this.root = document.getElementById('timeline');
    this.build();
    this.root.addEventListener('toggle', () => {
      if (this.root.open) this.update();
    });
    window.addEventListener('pointerup', () => this.endDrag());
  }

  build() {
    this.zone = currentZone();
    this.zoom = el('div', 'timeline-zoom');
    this.zoom.setAttribute('role', 'group');
    this.zoom.setAttribute('aria-label', t('timelineZoom'));
    this.zoomButtons = PERIODS.map((by) => {
      const button = el('button', 'chip', t(`timelineBy_${by}`));
      button.type = 'button';
      button.dataset.by = by;
      button.setAttribute('aria-pressed', String(by === this.by));
      button.addEventListener('click', () => {
        this.by = by;
        for (const b of this.zoomButtons) b.setAttribute('aria-pressed', String(b.dataset.by === by));
        this.update();
      });
      return button;
    });
    this.zoom.append(...this.zoomButtons);
    const exportButton = (format) => {
      const button = el('button', 'button', t(`timelineExport_${format}`));
      button.type = 'button';
      button.addEventListener('click', () => this.export(format));
      return button;
    };
    this.clearButton = el('button', 'button', t('timelineClearDates'));
    this.clearButton.type = 'button';
    this.clearButton.addEventListener('click', () => this.setQuery(withoutDates(this.query.value)));
    const tools = el('div', 'timeline-tools', this.zoom, this.clearButton, exportButton('svg'), exportButton('png'));
    this.caption = el('figcaption', 'timeline-caption');
    this.caption.id = 'timeline-caption';
    this.scroller = el('div', 'timeline-scroll');
    this.undated = el('p', 'timeline-undated');
    this.status = el('p', 'timeline-status');
    this.status.setAttribute('role', 'status');
    this.figure = el('figure', 'timeline-figure', this.caption, this.scroller, this.undated);
    this.root.append(tools, this.status, this.figure);
    this.trends = new Trends(this.core, this.root);
  }

  /** Redraws the chart for the query box's search, if the timeline is open. */
  async update() {
    if (!this.root.open) return;
    const generation = ++this.generation;
    // The chart leaves the query's own dates out, so the chosen bars stay in
    // their context (highlighted) and a wider run can be chosen.
    const query = this.query.value;
    this.status.textContent = t('timelineLoading');
    this.root.setAttribute('aria-busy', 'true');
    let reply;
    try {
      reply = await this.core.request('timeline', { query: withoutDates(query), by: this.by, utcOffsetMinutes: this.zone.offset, collapse: this.collapse() });
    } catch (error) {
      reply = { error: String(error?.message || error) };
    }
    if (generation !== this.generation) return;
    this.root.setAttribute('aria-busy', 'false');
    if (reply.error) {
      this.status.textContent = t('timelineFailed', reply.error);
      this.buckets = [];
    } else {
      this.status.textContent = '';
      this.buckets = reply.buckets;
    }
    this.draw(query);
    // The trends follow the chart: its search, zoom and collapse.
    this.trends.update({
      query: withoutDates(query), by: this.by, byLabel: t(`timelineBy_${this.by}`), utcOffsetMinutes: this.zone.offset, collapse: this.collapse(),
      bounds: new Map(this.buckets.filter((b) => b.period !== null).map((b) => [b.period, { from: b.from, to: b.to }])),
    });
  }

  draw(query) {
    const dated = this.buckets.filter((b) => b.period !== null);
    const undated = this.buckets.filter((b) => b.period === null).reduce((n, b) => n + b.count, 0);
    const total = dated.reduce((n, b) => n + b.count, 0) + undated;
    this.dated = dated;
    // A redraw keeps the keyboard on the bar it was on.
    const focused = this.svg?.contains(document.activeElement) ? document.activeElement.dataset.index : undefined;
    this.caption.textContent = t('timelineCaption', t(`timelineBy_${this.by}`), count('nArticles', total), this.zone.label);
    this.undated.textContent = t('timelineUndated', num(undated));
    this.undated.dataset.count = String(undated);
    this.scroller.replaceChildren();
    if (!dated.length) {
      this.scroller.append(el('p', 'timeline-empty', t('timelineNoDates')));
      return;
    }
    const max = Math.max(...dated.map((b) => b.count));
    const width = dated.length * (BAR_WIDTH + BAR_GAP) + BAR_GAP;
    const height = CHART_HEIGHT + LABEL_HEIGHT;
    const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'timeline-chart', role: 'group' });
    svg.setAttribute('aria-labelledby', 'timeline-caption');
    svg.setAttribute('aria-describedby', 'timeline-help');
    const chosen = this.chosenRange(query);
    const labelEvery = Math.max(1, Math.ceil(60 / (BAR_WIDTH + BAR_GAP)));
    dated.forEach((bucket, i) => {
      const x = BAR_GAP + i * (BAR_WIDTH + BAR_GAP);
      const h = Math.max(1, Math.round((bucket.count / max) * (CHART_HEIGHT - 4)));
      const text = t('timelineBar', bucket.period, count('nArticles', bucket.count));
      const bar = svgNode('rect', { x, y: CHART_HEIGHT - h, width: BAR_WIDTH, height: h, class: 'timeline-bar', tabindex: i === 0 ? 0 : -1, role: 'button' });
      bar.setAttribute('aria-label', text);
      bar.dataset.index = String(i);
      bar.dataset.count = String(bucket.count);
      bar.dataset.period = bucket.period;
      if (chosen && i >= chosen[0] && i <= chosen[1]) bar.classList.add('chosen');
      const title = svgNode('title');
      title.textContent = text;
      bar.append(title);
      // A wide hit area: the whole column, so short bars are easy to grab.
      const column = svgNode('rect', { x: x - BAR_GAP / 2, y: 0, width: BAR_WIDTH + BAR_GAP, height: CHART_HEIGHT, class: 'timeline-column' });
      column.dataset.index = String(i);
      column.setAttribute('aria-hidden', 'true');
      svg.append(column, bar);
      if (i % labelEvery === 0) {
        const label = svgNode('text', { x, y: height - 4, class: 'timeline-label' });
        label.setAttribute('aria-hidden', 'true');
        label.textContent = bucket.period;
        svg.append(label);
      }
    });
    svg.addEventListener('pointerdown', (event) => this.startDrag(event));
    svg.addEventListener('pointerover', (event) => this.moveDrag(event));
    svg.addEventListener('keydown', (event) => this.key(event));
    const help = el('p', 'visually-hidden', t('timelineHelp'));
    help.id = 'timeline-help';
    this.scroller.append(svg, help);
    this.svg = svg;
    const bar = focused === undefined ? null : svg.querySelector(`.timeline-bar[data-index="${focused}"]`);
    if (bar) {
      svg.querySelector('.timeline-bar[tabindex="0"]')?.setAttribute('tabindex', '-1');
      bar.setAttribute('tabindex', '0');
      bar.focus();
    }
  }

  /** The indices of the bars the query's date terms cover exactly, if any. */
  chosenRange(query) {
    const after = /(?:^|\s)after:(\S+)/.exec(query)?.[1];
    const before = /(?:^|\s)before:(\S+)/.exec(query)?.[1];
    const first = this.dated.findIndex((b) => b.from === after);
    const last = this.dated.findIndex((b) => b.to === before);
    return first >= 0 && last >= first ? [first, last] : null;
  }

  barIndex(event) {
    const index = event.target?.dataset?.index;
    return index === undefined ? null : Number(index);
  }

  startDrag(event) {
    const i = this.barIndex(event);
    if (i === null || event.button !== 0) return;
    event.preventDefault();
    this.drag = { start: i, end: i };
    this.mark(i, i);
  }

  moveDrag(event) {
    if (!this.drag) return;
    const i = this.barIndex(event);
    if (i === null) return;
    this.drag.end = i;
    this.mark(this.drag.start, i);
  }

  endDrag() {
    if (!this.drag) return;
    const { start, end } = this.drag;
    this.drag = null;
    this.anchor = start;
    this.choose(start, end);
  }

  /** Highlights bars `a` to `b` while dragging. */
  mark(a, b) {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    for (const bar of this.svg.querySelectorAll('.timeline-bar')) {
      const i = Number(bar.dataset.index);
      bar.classList.toggle('chosen', i >= lo && i <= hi);
    }
  }

  /** Arrows move between bars, Enter or Space chooses one (with Shift: a run from the last one chosen). */
  key(event) {
    const i = this.barIndex(event);
    if (i === null) return;
    const bars = [...this.svg.querySelectorAll('.timeline-bar')];
    const moves = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: bars.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(bars.length - 1, moves[event.key]));
      bars[i].setAttribute('tabindex', '-1');
      bars[next].setAttribute('tabindex', '0');
      bars[next].focus();
      bars[next].scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const from = event.shiftKey && this.anchor !== null ? this.anchor : i;
      this.anchor = from;
      this.choose(from, i);
    }
  }

  /** Narrows the search to bars `a` to `b` (either order). */
  choose(a, b) {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const first = this.dated[lo];
    const last = this.dated[hi];
    if (!first || !last) return;
    this.setQuery(`${withoutDates(this.query.value)} after:${first.from} before:${last.to}`.trim());
  }

  setQuery(query) {
    if (query === this.query.value) return;
    this.query.value = query;
    this.query.dispatchEvent(new Event('input', { bubbles: true }));
  }

  export(format) {
    if (!this.svg?.isConnected) return;
    exportChart(this.svg, {
      format,
      name: `jianbao-timeline-${this.by}.${format}`,
      title: this.caption.textContent,
      backdrop: this.root,
      onError: (why) => { this.status.textContent = t('timelineFailed', why); },
    });
  }
}

/** A standalone copy of `svg`, its colours written out (the page's CSS does not travel). */
function standaloneSvg(svg, title, backdrop) {
  const clone = svg.cloneNode(true);
  clone.setAttribute('xmlns', SVG);
  const live = [...svg.querySelectorAll('*')];
  [...clone.querySelectorAll('*')].forEach((node, i) => {
    const style = getComputedStyle(live[i]);
    if (['rect', 'text', 'circle', 'polyline', 'line'].includes(node.tagName)) {
      node.setAttribute('fill', style.fill);
      node.setAttribute('stroke', style.stroke);
      if (style.stroke !== 'none') node.setAttribute('stroke-width', style.strokeWidth);
      if (style.strokeDasharray !== 'none') node.setAttribute('stroke-dasharray', style.strokeDasharray);
    }
    if (node.tagName === 'text') {
      node.setAttribute('font-size', style.fontSize);
      node.setAttribute('font-family', style.fontFamily);
    }
    node.removeAttribute('tabindex');
    node.removeAttribute('class');
  });
  const own = getComputedStyle(backdrop).backgroundColor;
  const background = svgNode('rect', { width: '100%', height: '100%', fill: own === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : own });
  clone.prepend(background);
  const heading = svgNode('title');
  heading.textContent = title;
  clone.prepend(heading);
  return new XMLSerializer().serializeToString(clone);
}

/**
 * Saves the chart `svg` as `format` (`svg` or `png`) under `name`, through a
 * Blob URL; `onError(why)` when the PNG cannot be drawn.
 */
export async function exportChart(svg, { format, name, title, backdrop, onError }) {
  const text = standaloneSvg(svg, title, backdrop);
  if (format === 'svg') {
    download(new Blob([text], { type: 'image/svg+xml' }), name);
    return;
  }
  // PNG: the SVG drawn on a canvas (a data: URL, which the page's CSP allows for images).
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  try {
    await image.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = svg.width.baseVal.value * scale;
    canvas.height = svg.height.baseVal.value * scale;
    const context = canvas.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('canvas');
    download(blob, name);
  } catch (error) {
    onError(String(error?.message || error));
  }
}
