// Article cards and the lead image (or its placeholder).

import { t } from './i18n.js';
import { appendMarked, displayText, el, safeUrl, timeElement } from './format.js';

/**
 * The lead image. Privacy by construction: with `remoteImages` off (the
 * default) no <img> with a remote address is ever created; a placeholder
 * names the host instead. With it on, only https images are loaded (the
 * page's CSP allows no other remote scheme), without a referrer.
 */
export function imageElement(image, remoteImages, className) {
  if (!image || !image.src) return null;
  const url = safeUrl(image.src);
  const box = el('div', className);
  const placeholder = () => {
    box.replaceChildren(el('span', 'image-host', ...breakAtDots(url ? t('imageFrom', url.host) : t('image'))));
    box.classList.add('placeholder');
  };
  if (remoteImages && url && url.protocol === 'https:') {
    const img = document.createElement('img');
    img.alt = displayText(image.alt || '');
    img.loading = 'lazy';
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', placeholder, { once: true });
    img.src = url.href;
    box.append(img);
  } else {
    placeholder();
  }
  return box;
}

/** `text` as nodes that may wrap only after a dot (a host name never breaks mid-word). */
function breakAtDots(text) {
  return text.split(/(?<=\.)/).flatMap((part, i) => (i ? [document.createElement('wbr'), part] : [part]));
}

/** The "outlet · section · date" line shared by cards and the reader. */
export function metaLine(record, className) {
  const parts = [
    record.outlet && el('span', 'outlet', record.outlet),
    record.section && el('span', 'section', record.section),
    timeElement(record.published),
  ].filter(Boolean);
  const line = el('p', className);
  parts.forEach((part, i) => {
    if (i > 0) line.append(el('span', 'sep', ' · '));
    line.append(part);
  });
  return line;
}

/**
 * One card: an <article> whose heading is the title. `hit` (from the core's
 * search) supplies title marks and keyword-in-context snippets.
 */
export function card(summary, hit, { index, total, remoteImages, active, tabbable }) {
  const titleId = `card-title-${summary.doc}`;
  const node = el('article', 'card');
  node.dataset.doc = summary.doc;
  node.dataset.index = index;
  node.tabIndex = tabbable ? 0 : -1;
  node.setAttribute('aria-posinset', index + 1);
  node.setAttribute('aria-setsize', total);
  node.setAttribute('aria-labelledby', titleId);
  if (active) node.classList.add('active');

  const heading = el('h3', 'card-title');
  heading.id = titleId;
  const open = el('button', 'open');
  open.type = 'button';
  open.tabIndex = -1;
  appendMarked(open, summary.title || t('untitled'), hit?.title_marks);
  heading.append(open);

  const meta = metaLine(summary, 'card-meta');
  if (summary.duplicate_of) {
    const badge = el('span', 'badge', t('duplicate'));
    badge.title = t('duplicateOf', displayText(summary.duplicate_of, { reveal: true }));
    meta.append(' ', badge);
  }

  const body = el('div', 'card-body', heading, meta);
  // The core joins the snippets into one line (no ellipsis runs, no repeats).
  if (hit?.snippet?.text) {
    const p = el('p', 'card-lead snippet');
    appendMarked(p, hit.snippet.text, hit.snippet.marks);
    body.append(p);
  } else if (summary.lead) {
    body.append(el('p', 'card-lead', summary.lead));
  }
  if (summary.tags?.length) {
    body.append(el('ul', 'tags', ...summary.tags.slice(0, 6).map((tag) => el('li', null, tag))));
  }
  node.append(body);
  const media = imageElement(summary.image, remoteImages, 'card-media');
  if (media) {
    node.classList.add('has-media');
    node.append(media);
  }
  return node;
}
