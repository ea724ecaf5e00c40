// Trends: up to five terms side by side, as hits per 1,000 articles per
// period — an SVG line chart inside the timeline, one series per term. The
// figures are the core's (src/analysis/timeline.rs `trends`, through the index
// worker: index-timeline.js), so simplified/traditional folding and the query
// syntax are the search's own. The chart follows the timeline: its zoom, its
// search (without date terms) and the list's collapse; the timeline calls
// `update` whenever it redraws.

import { t, num, locale } from './i18n.js';
import { el } from './format.js';
import { exportChart, svgNode } from './timeline.js';

/** As many terms as the core compares (src/analysis/timeline.rs MAX_TERMS). */
const MAX_TERMS = 5;
/** Terms are separated by commas (ASCII or full-width), 、 or spaces. */
const TERM_SEPARATOR = /[,，、\s]+/;
/** Chart geometry in CSS pixels. */
const STEP = 24;
const PAD_LEFT = 44;
const PAD_RIGHT = 12;
const PAD_TOP = 10;
const PLOT_HEIGHT = 140;
const LABEL_HEIGHT = 18;

const perThousand = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

/** The terms typed into the box, at most MAX_TERMS + 1 kept (so "too many" can be told). */
export function parseTerms(text) {
  const terms = [...new Set(text.split(TERM_SEPARATOR).filter(Boolean))];
  return terms.slice(0, MAX_TERMS + 1);
}

export class Trends {
  /** `container`: where the form and chart go (inside the timeline). */
  constructor(core, container) {
    this.core = core;
    this.terms = [];
    this.generation = 0;
    this.context = null;
    this.build(container);
  }

  build(container) {
    const input = el('input', 'trends-input');
    input.id = 'trends-terms';
    input.type = 'text';
    input.autocomplete = 'off';
    input.setAttribute('aria-describedby', 'trends-hint');
    const label = el('label', 'trends-label', t('trendsTerms'));
    label.htmlFor = input.id;
    const hint = el('span', 'trends-hint', t('trendsHint', MAX_TERMS));
    hint.id = 'trends-hint';
    const show = el('button', 'button', t('trendsShow'));
    show.type = 'submit';
    this.exportButtons = ['svg', 'png'].map((format) => {
      const button = el('button', 'button', t(`trendsExport_${format}`));
      button.type = 'button';
      button.hidden = true;
      button.addEventListener('click', () => this.export(format));
      return button;
    });
    this.form = el('form', 'trends-form', label, input, show, ...this.exportButtons, hint);
    this.form.setAttribute('role', 'search');
    this.form.setAttribute('aria-label', t('trends'));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.terms = parseTerms(input.value);
      this.update();
    });
    this.input = input;
    this.status = el('p', 'timeline-status');
    this.status.setAttribute('role', 'status');
    this.caption = el('figcaption', 'timeline-caption');
    this.caption.id = 'trends-caption';
    this.legend = el('ul', 'trends-legend');
    this.legend.setAttribute('aria-label', t('trendsLegend'));
    this.scroller = el('div', 'timeline-scroll');
    // Focusable, so a chart wider than the page scrolls from the keyboard too.
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'region');
    this.scroller.setAttribute('aria-labelledby', 'trends-caption');
    this.figure = el('figure', 'timeline-figure trends-figure', this.caption, this.legend, this.scroller);
    this.figure.hidden = true;
    this.root = el('section', 'trends', this.form, this.status, this.figure);
    this.root.setAttribute('aria-label', t('trends'));
    this.root.setAttribute('aria-busy', 'false');
    container.append(this.root);
  }

  /**
   * Redraws for the timeline's context, when given (`{ query, by, utcOffsetMinutes,
   * collapse, byLabel }`), else for the last one; nothing to draw without terms.
   */
  async update(context = this.context) {
    this.context = context;
    const generation = ++this.generation;
    if (!context || !this.terms.length) {
      this.clear();
      return;
    }
    if (this.terms.length > MAX_TERMS) {
      this.clear(t('trendsTooMany', MAX_TERMS));
      return;
    }
    const { query, by, utcOffsetMinutes, collapse } = context;
    const terms = this.terms;
    this.status.textContent = t('timelineLoading');
    this.root.setAttribute('aria-busy', 'true');
    let reply;
    try {
      reply = await this.core.request('trends', { query, terms, by, utcOffsetMinutes, collapse });
    } catch (error) {
      reply = { error: String(error?.message || error) };
    }
    if (generation !== this.generation) return;
    this.root.setAttribute('aria-busy', 'false');
    if (reply.error) {
      this.clear(t('trendsFailed', reply.error));
      return;
    }
    this.status.textContent = '';
    this.draw(terms, reply.points.filter((p) => p.period !== null), context);
  }

  clear(message = '') {
    this.root.setAttribute('aria-busy', 'false');
    this.status.textContent = message;
    this.figure.hidden = true;
    this.svg = null;
    for (const b of this.exportButtons) b.hidden = true;
  }

  draw(terms, points, { by, byLabel, bounds }) {
    const periods = [...new Set(points.map((p) => p.period))];
    this.caption.textContent = t('trendsCaption', byLabel, terms.join(t('trendsJoin')));
    this.legend.replaceChildren(...terms.map((term, s) => {
      const swatch = svgNode('svg', { width: 24, height: 10, class: `trends-swatch trends-series-${s}` });
      swatch.setAttribute('aria-hidden', 'true');
      swatch.append(svgNode('line', { x1: 0, y1: 5, x2: 24, y2: 5, class: 'trends-line' }));
      return el('li', 'trends-key', swatch, term);
    }));
    this.scroller.replaceChildren();
    this.figure.hidden = false;
    for (const b of this.exportButtons) b.hidden = false;
    if (!periods.length) {
      this.svg = null;
      this.scroller.append(el('p', 'timeline-empty', t('timelineNoDates')));
      return;
    }
    const max = Math.max(...points.map((p) => p.per_1000)) || 1;
    const width = PAD_LEFT + Math.max(1, periods.length - 1) * STEP + PAD_RIGHT;
    const height = PAD_TOP + PLOT_HEIGHT + LABEL_HEIGHT;
    const svg = svgNode('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'trends-chart', role: 'group' });
    svg.setAttribute('aria-labelledby', 'trends-caption');
    const x = (i) => PAD_LEFT + i * STEP;
    const y = (value) => PAD_TOP + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT;
    // The axis: the baseline and the top value, for sighted readers (each point says its own value).
    const axis = svgNode('g', { class: 'trends-axis' });
    axis.setAttribute('aria-hidden', 'true');
    axis.append(
      svgNode('line', { x1: PAD_LEFT, y1: y(0), x2: width - PAD_RIGHT, y2: y(0), class: 'trends-rule' }),
      svgNode('line', { x1: PAD_LEFT, y1: y(max), x2: width - PAD_RIGHT, y2: y(max), class: 'trends-rule' }),
    );
    const top = svgNode('text', { x: PAD_LEFT - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'timeline-label' });
    top.textContent = perThousand.format(max);
    const zero = svgNode('text', { x: PAD_LEFT - 4, y: y(0) + 4, 'text-anchor': 'end', class: 'timeline-label' });
    zero.textContent = '0';
    axis.append(top, zero);
    const labelEvery = Math.max(1, Math.ceil(60 / STEP));
    periods.forEach((period, i) => {
      if (i % labelEvery) return;
      const label = svgNode('text', { x: x(i), y: height - 4, 'text-anchor': 'middle', class: 'timeline-label' });
      label.textContent = period;
      axis.append(label);
    });
    svg.append(axis);
    terms.forEach((term, s) => {
      const series = points.filter((p) => p.term === term);
      const group = svgNode('g', { class: `trends-series trends-series-${s}`, role: 'list' });
      group.setAttribute('aria-label', term);
      const line = svgNode('polyline', {
        points: series.map((p) => `${x(periods.indexOf(p.period))},${y(p.per_1000)}`).join(' '),
        class: 'trends-line',
      });
      line.setAttribute('aria-hidden', 'true');
      group.append(line);
      for (const p of series) {
        const text = t('trendsPoint', p.period, term, perThousand.format(p.per_1000), num(p.hits), num(p.articles));
        const column = periods.indexOf(p.period);
        const point = svgNode('circle', {
          cx: x(column), cy: y(p.per_1000), r: 3.5, class: 'trends-point', role: 'listitem', tabindex: s === 0 && column === 0 ? 0 : -1,
        });
        Object.assign(point.dataset, { series: s, column });
        point.setAttribute('aria-label', text);
        Object.assign(point.dataset, { term, period: p.period, hits: p.hits, articles: p.articles, value: p.per_1000 });
        const span = bounds.get(p.period);
        if (span) Object.assign(point.dataset, { from: span.from, to: span.to });
        const title = svgNode('title');
        title.textContent = text;
        point.append(title);
        group.append(point);
      }
      svg.append(group);
    });
    svg.addEventListener('keydown', (event) => this.key(event));
    const help = el('p', 'visually-hidden', t('trendsHelp'));
    help.id = 'trends-help';
    svg.setAttribute('aria-describedby', 'trends-help');
    this.scroller.append(svg, help);
    this.svg = svg;
    this.by = by;
  }

  /** Arrows move between points: left and right along a line, up and down between lines. */
  key(event) {
    const from = event.target?.dataset;
    if (from?.series === undefined) return;
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = this.svg.querySelector(`.trends-point[data-series="${Number(from.series) + move[0]}"][data-column="${Number(from.column) + move[1]}"]`);
    if (!next) return;
    event.target.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  }

  export(format) {
    if (!this.svg?.isConnected) return;
    exportChart(this.svg, {
      format,
      name: `jianbao-trends-${this.by}.${format}`,
      title: this.caption.textContent,
      backdrop: this.root,
      onError: (why) => { this.status.textContent = t('trendsFailed', why); },
    });
  }
}
