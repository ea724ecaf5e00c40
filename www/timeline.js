// The timeline: articles per period for the current search, as an SVG bar
// chart in a disclosure above the list. The buckets are the core's
// (src/analysis/timeline.rs, through the index worker: index-timeline.js),
// in the user's current zone offset, which the caption names.
//
// Choosing bars — dragging across them, or Enter on a focused bar (Shift+Enter
// extends from the last chosen bar) — writes `after:FROM before:TO` into the
// query box (FROM and TO are the core's own bounds of the bars) and searches,
// so the list, its counts and facets follow. "By outlet" stacks each bar by
// outlet (the six largest by colour, the rest as one "other"), each bar's
// label naming its parts. Periods without articles are empty bars (the core
// fills them in), so the axis keeps time's proportions. The chart itself is of the
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
/** Outlets told apart by colour in a stacked chart; the rest are "other". */
const OUTLET_COLOURS = 6;
const LEGEND_ROW = 16;
/** An exported stacked chart is at least this wide, so its legend fits. */
const LEGEND_WIDTH = 280;
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

/**
 * The core's buckets, one per period (and outlet, when split), as one bar
 * per period: `{ period, from, to, count, parts: [{ outlet, count }] }`,
 * `parts` empty unless split. Outlets stay `null` when unknown.
 */
export function periodsOf(buckets) {
  const periods = [];
  for (const b of buckets) {
    if (b.period === null) continue;
    let last = periods[periods.length - 1];
    if (last?.period !== b.period) {
      last = { period: b.period, from: b.from, to: b.to, count: 0, parts: [] };
      periods.push(last);
    }
    last.count += b.count;
    if (b.outlet !== undefined && b.count > 0) last.parts.push({ outlet: b.outlet, count: b.count });
  }
  return periods;
}

/**
 * The outlets with a colour of their own, largest first (at most
 * OUTLET_COLOURS; `null` is "no outlet"), and whether any are left over.
 */
function colouredOutlets(periods) {
  const totals = new Map();
  for (const p of periods) for (const { outlet, count } of p.parts) totals.set(outlet, (totals.get(outlet) || 0) + count);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([o]) => o);
  return { coloured: ranked.slice(0, OUTLET_COLOURS), others: ranked.length > OUTLET_COLOURS };
}

const outletName = (outlet) => outlet ?? t('timelineNoOutlet');

export class Timeline {
  /**
   * `query`: the query box (its value is read, written, and an `input` event
   * dispatched); `collapse()`: the list's collapse, so the bars count what it shows.
   */
  constructor(core, { query, collapse }) {
    Object.assign(this, { core, query, collapse });
    this.by = 'month';
    this.byOutlet = false;
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
    this.outletSwitch = el('input');
    Object.assign(this.outletSwitch, { type: 'checkbox', id: 'timeline-by-outlet' });
    this.outletSwitch.setAttribute('role', 'switch');
    this.outletSwitch.addEventListener('change', () => {
      this.byOutlet = this.outletSwitch.checked;
      this.update();
    });
    const outletLabel = el('label', 'switch', this.outletSwitch, ' ', el('span', '', t('timelineByOutlet')));
    const tools = el('div', 'timeline-tools', this.zoom, outletLabel, this.clearButton, exportButton('svg'), exportButton('png'));
    this.caption = el('figcaption', 'timeline-caption');
    this.caption.id = 'timeline-caption';
    this.scroller = el('div', 'timeline-scroll');
    this.undated = el('p', 'timeline-undated');
    this.status = el('p', 'timeline-status');
    this.status.setAttribute('role', 'status');
    this.legendList = el('ul', 'timeline-legend');
    this.legendList.setAttribute('aria-hidden', 'true');
    this.legendList.hidden = true;
    this.figure = el('figure', 'timeline-figure', this.caption, this.scroller, this.legendList, this.undated);
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
      reply = await this.core.request('timeline', {
        query: withoutDates(query), by: this.by, utcOffsetMinutes: this.zone.offset, splitOutlet: this.byOutlet, collapse: this.collapse(),
      });
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
    // Which search the chart shows (the query box as it was), for whoever waits on it.
    this.root.dataset.drawnFor = query;
    const dated = periodsOf(this.buckets);
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
    const max = Math.max(1, ...dated.map((b) => b.count));
    const { coloured, others } = colouredOutlets(dated);
    const stacked = this.byOutlet && coloured.length > 0;
    const legend = stacked ? [...coloured.map((o, k) => ({ name: outletName(o), colour: `timeline-outlet-${k}` })), ...(others ? [{ name: t('timelineOtherOutlets'), colour: 'timeline-outlet-other' }] : [])] : [];
    this.legend = legend;
    this.drawLegend(legend);
    const width = dated.length * (BAR_WIDTH + BAR_GAP) + BAR_GAP;
    const height = CHART_HEIGHT + LABEL_HEIGHT;
    const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'timeline-chart', role: 'group' });
    svg.setAttribute('aria-labelledby', 'timeline-caption');
    svg.setAttribute('aria-describedby', 'timeline-help');
    const chosen = this.chosenRange(query);
    const labelEvery = Math.max(1, Math.ceil(60 / (BAR_WIDTH + BAR_GAP)));
    dated.forEach((bucket, i) => {
      const x = BAR_GAP + i * (BAR_WIDTH + BAR_GAP);
      const scale = (n) => (n ? Math.max(1, Math.round((n / max) * (CHART_HEIGHT - 4))) : 0);
      const h = scale(bucket.count);
      const barText = t('timelineBar', bucket.period, count('nArticles', bucket.count));
      const text = stacked && bucket.parts.length ? t('timelineBarParts', barText, this.partsText(bucket.parts)) : barText;
      if (stacked) this.drawSegments(svg, bucket.parts, coloured, x, scale);
      const bar = svgNode('rect', { x, y: CHART_HEIGHT - h, width: BAR_WIDTH, height: h, class: stacked ? 'timeline-bar stacked' : 'timeline-bar', tabindex: i === 0 ? 0 : -1, role: 'button' });
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
        const label = svgNode('text', { x, y: CHART_HEIGHT + LABEL_HEIGHT - 4, class: 'timeline-label' });
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
    // A new chart opens on its tallest bar when that is out of view (a long
    // span of empty early months would otherwise fill the view).
    if (focused === undefined) {
      const tallest = dated.reduce((best, b, i) => (b.count > dated[best].count ? i : best), 0);
      const x = BAR_GAP + tallest * (BAR_WIDTH + BAR_GAP);
      const { scrollLeft, clientWidth } = this.scroller;
      if (x < scrollLeft || x + BAR_WIDTH > scrollLeft + clientWidth) this.scroller.scrollLeft = x - clientWidth / 2;
    }
    const bar = focused === undefined ? null : svg.querySelector(`.timeline-bar[data-index="${focused}"]`);
    if (bar) {
      svg.querySelector('.timeline-bar[tabindex="0"]')?.setAttribute('tabindex', '-1');
      bar.setAttribute('tabindex', '0');
      bar.focus();
    }
  }

  /**
   * The colours' key, below the scrolling chart so it stays in view (each
   * bar's label names its parts in words, so the key is for the eye).
   */
  drawLegend(legend) {
    this.legendList.replaceChildren(...legend.map(({ name, colour }) => el('li', 'timeline-key', el('span', `timeline-swatch ${colour}`), name)));
    this.legendList.hidden = !legend.length;
  }

  /** A stacked bar's parts in words, largest outlets first: `RFI 5, VOA 4, other outlets 3`. */
  partsText(parts) {
    return [...parts].sort((a, b) => b.count - a.count).map((p) => t('timelinePart', outletName(p.outlet), num(p.count)));
  }

  /** One bar's segments, bottom up in the legend's order (uncoloured outlets together on top). */
  drawSegments(svg, parts, coloured, x, scale) {
    const byColour = new Map();
    for (const { outlet, count } of parts) {
      const k = coloured.indexOf(outlet);
      const colour = k >= 0 ? `timeline-outlet-${k}` : 'timeline-outlet-other';
      byColour.set(colour, (byColour.get(colour) || 0) + count);
    }
    const order = [...coloured.map((_, k) => `timeline-outlet-${k}`), 'timeline-outlet-other'];
    let below = 0;
    for (const colour of order) {
      const n = byColour.get(colour);
      if (!n) continue;
      // Scaled from the running total, so the segments add up to the bar exactly.
      const top = scale(below + n);
      const bottom = scale(below);
      svg.append(svgNode('rect', { x, y: CHART_HEIGHT - top, width: BAR_WIDTH, height: top - bottom, class: `timeline-segment ${colour}`, 'aria-hidden': 'true' }));
      below += n;
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
    const swatches = [...this.legendList.querySelectorAll('.timeline-swatch')];
    exportChart(this.svg, {
      format,
      legend: this.legend.map(({ name }, k) => ({ name, colour: getComputedStyle(swatches[k]).backgroundColor })),
      name: `jianbao-timeline-${this.by}.${format}`,
      title: this.caption.textContent,
      backdrop: this.root,
      onError: (why) => { this.status.textContent = t('timelineFailed', why); },
    });
  }
}

/**
 * A standalone copy of `svg`, its colours written out (the page's CSS does
 * not travel), with `legend` (`[{ name, colour }]`) drawn below it.
 */
function standaloneSvg(svg, title, backdrop, legend) {
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
  if (legend.length) {
    const top = svg.height.baseVal.value;
    const text = getComputedStyle(document.body).color;
    legend.forEach(({ name, colour }, k) => {
      const y = top + k * LEGEND_ROW;
      const label = svgNode('text', { x: BAR_GAP + 16, y: y + 11, fill: text, 'font-size': '11px', 'font-family': getComputedStyle(document.body).fontFamily });
      label.textContent = name;
      clone.append(svgNode('rect', { x: BAR_GAP, y: y + 2, width: 10, height: 10, fill: colour }), label);
    });
    const width = Math.max(svg.width.baseVal.value, LEGEND_WIDTH);
    const height = top + legend.length * LEGEND_ROW;
    Object.entries({ width, height, viewBox: `0 0 ${width} ${height}` }).forEach(([name, value]) => clone.setAttribute(name, String(value)));
  }
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
export async function exportChart(svg, { format, name, title, backdrop, onError, legend = [] }) {
  const text = standaloneSvg(svg, title, backdrop, legend);
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
    canvas.width = image.naturalWidth * scale;
    canvas.height = image.naturalHeight * scale;
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
