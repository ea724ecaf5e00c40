// The reader view: one article in full, in a modal <dialog> (Esc closes it).

import { t } from './i18n.js';
import { appendMarked, baseName, el, safeUrl, timeElement } from './format.js';
import { imageElement, metaLine } from './cards.js';

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

/** Fills `body` (an <article>) with `record`, the core's full JSON of one file. */
export function renderArticle(body, record, { remoteImages, titleMarks }) {
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
  if (record.lead) text.append(el('p', 'lead', record.lead));
  for (const paragraph of record.paragraphs || []) text.append(el('p', null, paragraph));

  const tags = record.tags?.length
    ? el('ul', 'tags', ...record.tags.map((tag) => el('li', null, tag)))
    : null;

  const source = record.source || {};
  const sourceName = el('span', 'source-file', baseName(source.path || ''));
  sourceName.title = source.path || '';
  const facts = el('dl', 'facts',
    ...fact(t('published'), timeElement(record.published)),
    ...fact(t('captured'), timeElement(record.captured)),
    ...fact(t('sourceFile'), sourceName),
    ...fact(t('format'), source.format),
    ...fact(t('encoding'), source.encoding),
    ...fact(t('duplicate'), record.duplicate_of ? t('duplicateOf', record.duplicate_of) : null),
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
    tags,
    facts,
    warnings,
  ].filter(Boolean));
}
