// A virtualised list: only the rows in (and just around) the viewport exist
// in the DOM, so 50,000 entries scroll as smoothly as 50. Rows have one fixed
// height, set in CSS (--row-h) and measured here, so position is arithmetic.

const OVERSCAN = 4;

export class VirtualList {
  /**
   * `scroller`: the scrolling element; `spacer`: a child sized to the whole list;
   * `render(index)`: builds the row element for `index`.
   */
  constructor(scroller, spacer, render) {
    this.scroller = scroller;
    this.spacer = spacer;
    this.render = render;
    this.count = 0;
    this.rows = new Map();
    this.rowHeight = 0;
    this.frame = 0;
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => {
      this.measure();
      this.schedule();
    }).observe(scroller);
  }

  measure() {
    const probe = document.createElement('div');
    probe.className = 'row-probe';
    this.scroller.append(probe);
    const h = probe.getBoundingClientRect().height;
    probe.remove();
    if (h > 0 && h !== this.rowHeight) {
      this.rowHeight = h;
      this.spacer.style.height = `${this.count * h}px`;
      this.clear();
    }
  }

  /** Shows `count` rows from the top (new results) or re-renders in place. */
  setCount(count, { keepScroll = false } = {}) {
    this.count = count;
    if (!this.rowHeight) this.measure();
    this.spacer.style.height = `${count * this.rowHeight}px`;
    if (!keepScroll) this.scroller.scrollTop = 0;
    this.clear();
    this.update();
  }

  /** Re-renders the visible rows (e.g. after a setting changed). */
  refresh() {
    this.clear();
    this.update();
  }

  clear() {
    for (const row of this.rows.values()) row.remove();
    this.rows.clear();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  update() {
    const h = this.rowHeight || 1;
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(this.count - 1, Math.ceil((top + this.scroller.clientHeight) / h) + OVERSCAN);
    for (const [index, row] of this.rows) {
      if (index < first || index > last) {
        row.remove();
        this.rows.delete(index);
      }
    }
    // Rows still shown form one contiguous range; new ones go before or after
    // it, so the DOM order stays the list order (for screen readers).
    const kept = this.rows.size ? Math.min(...this.rows.keys()) : Infinity;
    const anchor = this.rows.get(kept) || null;
    for (let i = first; i <= last; i++) {
      if (this.rows.has(i)) continue;
      const row = this.render(i);
      row.style.transform = `translateY(${i * h}px)`;
      this.rows.set(i, row);
      this.spacer.insertBefore(row, i < kept ? anchor : null);
    }
  }

  /** Rebuilds row `index` if it is rendered (its data arrived), keeping focus. */
  rerender(index) {
    const old = this.rows.get(index);
    if (!old) return;
    const row = this.render(index);
    row.style.transform = old.style.transform;
    const focused = document.activeElement === old;
    old.replaceWith(row);
    this.rows.set(index, row);
    if (focused) row.focus({ preventScroll: true });
  }

  /** The row element for `index`, if rendered. */
  row(index) {
    return this.rows.get(index) || null;
  }

  /** Scrolls just enough for row `index` to be fully visible, and renders it. */
  reveal(index) {
    const h = this.rowHeight;
    const top = index * h;
    const view = this.scroller;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + h > view.scrollTop + view.clientHeight) view.scrollTop = top + h - view.clientHeight;
    this.update();
    return this.row(index);
  }
}
