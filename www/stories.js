// Copies and stories on the page: the "Hide duplicates" and "One card per
// story" switches, the grouping into stories (run in the index worker a
// slice at a time after each load, with its progress shown), and the
// reader's links between an article and its copies and other versions.
//
// The rules are the core's (src/stories.rs): a copy has the same bytes or
// the same canonical URL as an earlier article; a story groups articles
// whose texts contain one another.

import { count, num, t } from './i18n.js';
import { el } from './format.js';
import { viewHash } from './view-state.js';

export class Stories {
  /** `onChange()`: the collapse changed (search again); `view()`: the current view `{ q, sort }`. */
  constructor(core, { onChange, view }) {
    Object.assign(this, { core, onChange, view });
    this.hide = document.getElementById('hide-duplicates');
    this.oneStory = document.getElementById('one-per-story');
    this.progress = document.getElementById('stories-progress');
    this.grouping = null;
    this.hide.addEventListener('change', () => {
      // One card per story implies hiding copies.
      if (!this.hide.checked) this.oneStory.checked = false;
      this.onChange();
    });
    this.oneStory.addEventListener('change', () => {
      if (this.oneStory.checked) this.hide.checked = true;
      this.onChange();
      if (this.oneStory.checked) this.regroup();
    });
  }

  /** The core's collapse for the list, its counts, its facets and its export. */
  collapse() {
    if (this.oneStory.checked) return 'stories';
    return this.hide.checked ? 'copies' : 'none';
  }

  /**
   * Groups the corpus into stories in the index worker, a slice per request
   * (searches run between slices), showing how far it is. Called after each
   * load; a grouping already running starts over on the grown corpus.
   */
  regroup() {
    const run = async () => {
      this.progress.hidden = false;
      try {
        for (;;) {
          const reply = await this.core.request('clusterStep');
          this.progress.textContent = t('grouping', num(Math.floor((100 * reply.done) / Math.max(reply.total, 1))));
          if (reply.finished) break;
        }
      } catch {
        // The index worker failed; the next load groups again.
      } finally {
        this.progress.hidden = true;
        this.grouping = null;
      }
      if (this.collapse() === 'stories') this.onChange();
    };
    this.grouping ??= run();
    return this.grouping;
  }

  /**
   * Appends to the reader's facts the links of `doc`'s group: "A copy of",
   * "Its copies", "Also published by". `open(doc)` opens a linked article.
   */
  async showLinks(facts, doc, open) {
    let links;
    try {
      ({ links } = await this.core.request('groupLinks', { doc }));
    } catch {
      return;
    }
    const { q, sort } = this.view();
    const link = (item, text) => {
      const a = el('a', 'group-link', text);
      a.href = viewHash({ q, sort, doc: item.id });
      a.title = item.path;
      a.dataset.doc = item.doc;
      a.addEventListener('click', (event) => {
        event.preventDefault();
        open(item.doc);
      });
      return a;
    };
    const list = (items, text) => el('ul', 'group-links', ...items.map((item) => el('li', null, link(item, text(item)))));
    const rows = [];
    if (links.original) rows.push([t('copyOf'), link(links.original, links.original.title || links.original.path)]);
    if (links.copies.length) rows.push([t('itsCopies'), list(links.copies, (c) => c.path)]);
    if (links.story.length) rows.push([t('alsoPublishedBy'), list(links.story, (s) => `${s.outlet || t('untitled')}: ${s.title}`)]);
    for (const [label, value] of rows) facts.append(el('dt', null, label), el('dd', 'group', value));
  }
}

/** The card's badge of its group, or null: "3 copies", "2 versions". */
export function groupBadge(hit, collapse) {
  if (!hit) return null;
  if (collapse === 'stories' && hit.story > 1) return el('span', 'badge group-badge', count('nVersions', hit.story));
  if (collapse !== 'none' && hit.copies > 1) return el('span', 'badge group-badge', count('nCopies', hit.copies - 1));
  return null;
}
