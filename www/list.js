// A virtualised list: only the rows in (and just around) the viewport exist
// in the DOM, so 50,000 entries scroll as smoothly as 50. Rows are as tall
// as their content: each is measured once rendered, and rows not yet seen
// count as the estimate (--row-h, the tallest a card gets), so positions are
// a running sum that corrects itself as the reader scrolls.

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
    this.estimate = 0;
    /** Measured heights by index (0: not measured), and the running sums (`tops[i]`: where row i starts). */
    this.heights = new Float64Array(0);
    this.tops = new Float64Array(1);
    this.frame = 0;
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.width = 0;
    new ResizeObserver(() => {
      // A new width reflows every card: measure again. (The height follows
      // the content, which changes with every list: nothing to redo then.)
      const width = scroller.clientWidth;
      if (width !== this.width) {
        this.width = width;
        this.measure();
        this.heights.fill(0);
        this.layout();
        this.clear();
        this.update();
      } else this.schedule();
    }).observe(scroller);
  }

  measure() {
    const probe = document.createElement('div');
    probe.className = 'row-probe';
    this.scroller.append(probe);
    const h = probe.getBoundingClientRect().height;
    probe.remove();
    if (h > 0) this.estimate = h;
  }

  /** Recomputes where each row starts and the list's height. */
  layout() {
    const n = this.count;
    if (this.tops.length !== n + 1) this.tops = new Float64Array(n + 1);
    let at = 0;
    for (let i = 0; i < n; i++) {
      this.tops[i] = at;
      at += this.heights[i] || this.estimate;
    }
    this.tops[n] = at;
    this.spacer.style.height = `${at}px`;
  }

  /** The first index whose row ends below `y`. */
  indexAt(y) {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tops[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo);
  }

  /** Shows `count` rows from the top (new results) or re-renders in place. */
  setCount(count, { keepScroll = false } = {}) {
    if (!this.estimate) this.measure();
    // The same rows keep their heights when the list is refreshed in place.
    this.setLength(count, { keepHeights: keepScroll });
    this.layout();
    if (!keepScroll) this.scroller.scrollTop = 0;
    this.clear();
    this.update();
  }

  /** Changes the number of rows of the same list: rows below `count` and their heights stay. */
  resize(count) {
    this.setLength(count, { keepHeights: true });
    for (const [index, row] of this.rows) {
      if (index >= count) {
        row.remove();
        this.rows.delete(index);
      }
    }
    this.layout();
    this.update();
  }

  setLength(count, { keepHeights }) {
    const kept = this.heights;
    this.count = count;
    this.heights = new Float64Array(count);
    if (keepHeights) this.heights.set(kept.subarray(0, Math.min(kept.length, count)));
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
    if (!this.count) return this.clear();
    const top = this.scroller.scrollTop;
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(this.count - 1, this.indexAt(top + this.scroller.clientHeight) + OVERSCAN);
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
    const added = [];
    for (let i = first; i <= last; i++) {
      if (this.rows.has(i)) continue;
      const row = this.render(i);
      this.rows.set(i, row);
      this.spacer.insertBefore(row, i < kept ? anchor : null);
      added.push(i);
    }
    this.settle(added, first);
  }

  /**
   * Measures the rows just rendered; when a height differs from what was
   * assumed, positions are recomputed, and the scroll moves by what changed
   * above the first row shown, so the rows in view stay where they are.
   */
  settle(indexes, first) {
    let changed = false;
    let above = 0;
    for (const i of indexes) {
      const row = this.rows.get(i);
      const h = row.getBoundingClientRect().height;
      const was = this.heights[i] || this.estimate;
      if (h > 0 && h !== this.heights[i]) {
        if (h !== was) {
          changed = true;
          if (i < first + OVERSCAN) above += h - was;
        }
        if (!row.classList.contains('skeleton')) this.heights[i] = h;
      }
    }
    if (changed) {
      const scrollTop = this.scroller.scrollTop;
      this.layout();
      if (above && scrollTop > 0) this.scroller.scrollTop = scrollTop + above;
    }
    for (const [i, row] of this.rows) row.style.transform = `translateY(${this.tops[i]}px)`;
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
    this.settle([index], this.indexAt(this.scroller.scrollTop));
  }

  /** The row element for `index`, if rendered. */
  row(index) {
    return this.rows.get(index) || null;
  }

  /** Scrolls just enough for row `index` to be fully visible, and renders it. */
  reveal(index) {
    const view = this.scroller;
    const place = () => {
      const top = this.tops[index];
      const h = this.heights[index] || this.estimate;
      if (top < view.scrollTop) view.scrollTop = top;
      else if (top + h > view.scrollTop + view.clientHeight) view.scrollTop = top + h - view.clientHeight;
    };
    place();
    this.update();
    place(); // its measured height may differ from the estimate
    this.update();
    return this.row(index);
  }
}
