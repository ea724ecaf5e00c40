// Learned boilerplate on the page: after each load the index worker learns
// each outlet's furniture (index-learn.js) and moves it to the records'
// `boilerplate`; the reader says how many paragraphs are hidden and shows
// them on request, as text, in a block of their own after the article.

import { count, t } from './i18n.js';
import { el } from './format.js';

/** Asks the index worker to learn from everything loaded so far (see index-learn.js). */
export function learnBoilerplate(core) {
  return core.request('learn', {});
}

/**
 * "N boilerplate paragraphs hidden · Show" for `record`, or null when it has
 * none. The button reveals the paragraphs (and hides them again); they are
 * rendered only when first shown.
 */
export function boilerplateNote(record) {
  const paragraphs = record.boilerplate || [];
  if (paragraphs.length === 0) return null;
  const list = el('div', 'boilerplate-text');
  list.id = 'reader-boilerplate';
  list.hidden = true;
  const button = el('button', 'boilerplate-toggle', t('showBoilerplate'));
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', list.id);
  button.addEventListener('click', () => {
    if (list.childElementCount === 0) list.append(...paragraphs.map((p) => el('p', null, p)));
    list.hidden = !list.hidden;
    button.setAttribute('aria-expanded', String(!list.hidden));
    button.textContent = t(list.hidden ? 'showBoilerplate' : 'hideBoilerplate');
  });
  const summary = el('p', 'boilerplate-summary', el('span', null, count('nBoilerplateHidden', paragraphs.length)), ' · ', button);
  summary.title = t('boilerplateNote');
  return el('section', 'boilerplate', summary, list);
}
