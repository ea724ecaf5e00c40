// A facet's chips in one row that scrolls sideways. Where the row is wider
// than the page, its cut edge fades out and a "more" button scrolls it, so
// values past the edge are visibly there (at 1280 px and on a phone).

import { t } from './i18n.js';
import { el } from './format.js';

/** `chips` in a scrolling row with its overflow affordance; `label`: the facet's name. */
export function scrollingChips(chips, label) {
  const row = el('div', 'facet-chips', ...chips);
  const more = el('button', 'facet-more', '›');
  more.type = 'button';
  more.setAttribute('aria-label', t('facetMore', label));
  more.addEventListener('click', () => {
    const end = row.scrollLeft + row.clientWidth >= row.scrollWidth - 1;
    row.scrollTo({ left: end ? 0 : row.scrollLeft + row.clientWidth * 0.8, behavior: 'smooth' });
  });
  const frame = el('div', 'facet-frame', row, more);
  const update = () => {
    const overflowing = row.scrollWidth > row.clientWidth + 1;
    const atEnd = row.scrollLeft + row.clientWidth >= row.scrollWidth - 1;
    frame.classList.toggle('overflowing', overflowing);
    frame.classList.toggle('at-end', atEnd);
    more.hidden = !overflowing;
  };
  row.addEventListener('scroll', update, { passive: true });
  new ResizeObserver(update).observe(row);
  return frame;
}
