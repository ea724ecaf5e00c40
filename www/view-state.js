// The view in the URL fragment: what is searched, how it is sorted, and the
// article open in the reader — never the articles themselves. So a view can
// be bookmarked, cited or sent; opened in another tab or on another machine
// it applies to whatever corpus that browser holds.
//
//   #q=乌克兰+outlet%3ARFI&sort=newest&doc=5830488f32bdbb44
//
// `q` is the search box as typed (facet filters are query terms, so they
// travel with it); `sort` is left out for relevance; `doc` is the open
// article's stable `id` (from its canonical URL, else its text), the same
// on every machine that reads the same file.
//
// History: typing replaces the current entry (Back does not step through
// keystrokes); a facet, a sort and opening an article push one, so Back and
// Forward step through searches and the reader. Closing an article that was
// opened here goes Back (so the entry it pushed is not left behind to reopen
// it); stepping to the next article replaces.

const SORTS = new Set(['relevance', 'newest', 'oldest']);

/** The view a fragment names: `{ q, sort, doc }` (defaults for what is missing or unknown). */
export function readView(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    sort: SORTS.has(sort) ? sort : 'relevance',
    doc: params.get('doc') || null,
  };
}

/** The fragment for `view` ('' for the default view: everything, by relevance, nothing open). */
export function viewHash({ q = '', sort = 'relevance', doc = null }) {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q);
  if (sort !== 'relevance') params.set('sort', sort);
  if (doc) params.set('doc', doc);
  const text = params.toString();
  return text ? `#${text}` : '';
}

const sameView = (a, b) => viewHash(a) === viewHash(b);

export class ViewHistory {
  /**
   * `apply(view)`: shows a view reached by Back or Forward (or an edited
   * fragment); `current()`: the view the page shows now.
   */
  constructor(apply, current) {
    Object.assign(this, { apply, current });
    /** A Back of our own (`closed`) is under way: its popstate is not the user's. */
    this.ownBack = false;
    // Back, Forward, and a fragment edited by hand in the address bar.
    addEventListener('popstate', () => {
      if (!this.ownBack) return this.apply(readView());
      // The page already shows the entry Back returned to, or has moved on
      // since (a query typed as soon as the reader closed): the entry follows
      // the page, never the page the entry.
      this.ownBack = false;
      this.replace(this.current());
    });
  }

  write(view, how, opened = false) {
    const hash = viewHash(view);
    if (hash === viewHash(readView()) && how === 'push') return;
    const url = hash || `${location.pathname}${location.search}`;
    history[how === 'push' ? 'pushState' : 'replaceState']({ jianbao: true, opened }, '', url);
  }

  /** While typing: the current entry follows the box. */
  replace(view) {
    this.write(view, 'replace', history.state?.opened ?? false);
  }

  /** A facet, a sort: a step Back can return from. */
  push(view) {
    if (!sameView(view, readView())) this.write(view, 'push');
  }

  /** An article opened from the list: a step, remembered as such for `closed`. */
  opened(view) {
    if (!sameView(view, readView())) this.write(view, 'push', true);
  }

  /**
   * The reader closed on `view` (without its article): goes Back when the
   * current entry was pushed by opening it, else replaces it.
   */
  closed(view) {
    if (sameView(view, readView())) return;
    if (history.state?.opened) {
      this.ownBack = true;
      history.back();
    } else this.write(view, 'replace');
  }
}
