// The concordance (keyword in context): every occurrence of the query's text
// terms in the articles it finds, one row each, the left context
// right-aligned against the match, the right context after it. The rows stay
// in the index worker (index-concordance.js); the table is virtualised: only
// the rows in view (and a few around) are in the DOM, each with its
// aria-rowindex, and the table's aria-rowcount says how many there are.

import { count, t } from './i18n.js';
import { baseName, el } from './format.js';
import { viewHash } from './view-state.js';
import { download, today } from './export.js';

/** Characters of context either side (the core's default). */
const WIDTH = 40;
/** Rows fetched from the worker at once. */
const BLOCK = 200;
/** Rows rendered beyond the visible ones, either side. */
const OVERSCAN = 8;

/** `el` with properties: `{ className, dataset, ...properties }`. */
function make(tag, { className, dataset, ...properties } = {}, ...children) {
  const node = el(tag, className, ...children);
  Object.assign(node, properties);
  Object.assign(node.dataset, dataset);
  return node;
}

/**
 * Wires the Concordance disclosure after `anchor`. `core`: the page's Core;
 * `view()`: the query and sort of the results on screen; `openAt(doc, mark)`:
 * opens article `doc` in the reader at its `mark`-th match; `reader`: the
 * reader's dialog. Returns
 * `{ update }`, to call when the results change.
 */
export function setupConcordance(core, anchor, { view, openAt, reader }) {
  const toggle = make('button', { type: 'button', className: 'button', id: 'concordance-button' }, t('concordance'));
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'concordance');
  const status = make('p', { className: 'concordance-status', id: 'concordance-status' });
  status.setAttribute('role', 'status');
  const csv = make('button', { type: 'button', className: 'button', id: 'concordance-csv' }, t('concordanceCsv'));
  const table = make('div', { className: 'concordance-table' });
  table.setAttribute('role', 'table');
  table.setAttribute('aria-label', t('concordance'));
  table.setAttribute('aria-rowcount', '1');
  const sortButtons = {};
  const headerCell = (key, sort) => {
    const cell = make('div', { className: `concordance-cell concordance-${key}` });
    cell.setAttribute('role', 'columnheader');
    if (sort) {
      const button = make('button', { type: 'button', className: 'concordance-sort', dataset: { sort } }, t(`concordance${key[0].toUpperCase()}${key.slice(1)}`));
      sortButtons[sort] = { button, cell };
      cell.setAttribute('aria-sort', 'none');
      cell.append(button);
    } else {
      cell.textContent = t(`concordance${key[0].toUpperCase()}${key.slice(1)}`);
    }
    return cell;
  };
  const header = make('div', { className: 'concordance-row concordance-header' },
    headerCell('left', 'left'), headerCell('match'), headerCell('right', 'right'), headerCell('source'));
  header.setAttribute('role', 'row');
  header.setAttribute('aria-rowindex', '1');
  const headGroup = make('div', { className: 'concordance-head' }, header);
  headGroup.setAttribute('role', 'rowgroup');
  const spacer = make('div', { className: 'concordance-spacer' });
  const body = make('div', { className: 'concordance-body', tabIndex: 0 }, spacer);
  body.setAttribute('role', 'rowgroup');
  body.setAttribute('aria-label', t('concordanceRows'));
  table.append(headGroup, body);
  const panel = make('section', { id: 'concordance', className: 'concordance', hidden: true },
    make('div', { className: 'concordance-bar' }, status, csv), table);
  panel.setAttribute('aria-label', t('concordance'));
  anchor.after(toggle, panel);

  /** The concordance shown: its query and sort, row count, and the blocks of rows fetched. */
  let shown = { generation: 0, query: null, sort: 'text', total: 0, blocks: new Map() };
  let sort = 'text';

  async function load() {
    const { query } = view();
    const generation = shown.generation + 1;
    shown = { generation, query, sort, total: 0, blocks: new Map() };
    status.textContent = t('concordanceWorking');
    csv.disabled = true;
    let reply;
    try {
      reply = query.trim() ? await core.request('concordance', { query, width: WIDTH, sort }) : { total: 0 };
    } catch (error) {
      reply = { error: String(error?.message || error) };
    }
    if (generation !== shown.generation) return;
    shown.total = reply.error ? 0 : reply.total;
    shown.version = reply.version;
    status.textContent = reply.error ? t('concordanceFailed', reply.error) : query.trim() ? count('concordanceCount', shown.total) : t('concordanceNoQuery');
    csv.disabled = !shown.total;
    table.setAttribute('aria-rowcount', String(shown.total + 1));
    for (const [key, { cell }] of Object.entries(sortButtons)) cell.setAttribute('aria-sort', key === sort ? 'ascending' : 'none');
    spacer.style.height = `${shown.total * rowHeight()}px`;
    body.scrollTop = 0;
    spacer.replaceChildren();
    render();
  }

  /** One row's height in pixels (from the CSS, so a larger font keeps rows apart). */
  const rowHeight = () => parseFloat(getComputedStyle(body).getPropertyValue('--concordance-row')) * parseFloat(getComputedStyle(body).fontSize) || 28;

  /** The shown concordance, as the worker's requests name it. */
  const named = () => ({ query: shown.query, width: WIDTH, sort: shown.sort });

  function block(i) {
    const { generation } = shown;
    if (!shown.blocks.has(i)) {
      shown.blocks.set(i, core.request('concordanceRows', { ...named(), start: i * BLOCK, count: BLOCK }).then(({ rows }) => {
        if (generation === shown.generation) shown.blocks.set(i, rows);
        return rows;
      }));
    }
    return shown.blocks.get(i);
  }

  function rowNode(row, index) {
    const cell = (className, ...children) => {
      const node = make('div', { className: `concordance-cell ${className}` }, ...children);
      node.setAttribute('role', 'cell');
      return node;
    };
    const link = make('a', { href: viewHash({ q: shown.query, sort: view().sort, doc: row.id }), className: 'concordance-link' }, row.match);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      openAt(row.doc, row.mark);
      // Back from the reader, the keyboard is where it left (after the page's own close handling).
      reader.addEventListener('close', () => spacer.querySelector(`[data-index="${index}"] a`)?.focus(), { once: true });
    });
    const source = row.path ? baseName(row.path) : row.id;
    const node = make('div', { className: 'concordance-row', dataset: { index: String(index) } },
      cell('concordance-left', make('span', {}, row.left)),
      cell('concordance-match', link),
      cell('concordance-right', make('span', {}, row.right)),
      cell('concordance-source', source));
    node.setAttribute('role', 'row');
    node.setAttribute('aria-rowindex', String(index + 2));
    node.style.top = `${index * rowHeight()}px`;
    node.lastChild.title = `${row.path} · ${row.field}`;
    return node;
  }

  /** Renders the rows in view; fetches the blocks they are in. */
  function render() {
    if (panel.hidden || !shown.total) return;
    const height = rowHeight();
    const first = Math.max(0, Math.floor(body.scrollTop / height) - OVERSCAN);
    const last = Math.min(shown.total, Math.ceil((body.scrollTop + body.clientHeight) / height) + OVERSCAN);
    const { generation } = shown;
    const wanted = new Set();
    for (let i = first; i < last; i++) wanted.add(i);
    for (const node of [...spacer.children]) {
      if (!wanted.has(Number(node.dataset.index))) node.remove();
      else wanted.delete(Number(node.dataset.index));
    }
    for (const i of wanted) {
      const rows = shown.blocks.get(Math.floor(i / BLOCK));
      if (Array.isArray(rows)) {
        if (rows[i % BLOCK]) spacer.append(rowNode(rows[i % BLOCK], i));
      } else {
        block(Math.floor(i / BLOCK)).then(() => {
          if (generation === shown.generation) render();
        }, () => {});
      }
    }
  }

  body.addEventListener('scroll', () => requestAnimationFrame(render));
  toggle.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) update();
  });
  for (const [key, { button }] of Object.entries(sortButtons)) {
    button.addEventListener('click', () => {
      sort = sort === key ? 'text' : key; // a second press goes back to reading order
      load();
    });
  }
  csv.addEventListener('click', async () => {
    csv.disabled = true;
    try {
      const { csv: text } = await core.request('concordanceCsv', named());
      download(new Blob([text], { type: 'text/csv; charset=utf-8' }), `jianbao-concordance-${today()}.csv`);
    } catch (error) {
      status.textContent = t('concordanceFailed', String(error?.message || error));
    } finally {
      csv.disabled = !shown.total;
    }
  });

  /** The results changed (or the table opened): an open concordance follows their query. */
  async function update() {
    if (panel.hidden) return;
    if (shown.query !== view().query) return load();
    if (!shown.query.trim()) return;
    // The same query: only a changed corpus (files added meanwhile) redraws the table.
    const { generation } = shown;
    const reply = await core.request('concordance', named()).catch(() => null);
    if (generation === shown.generation && reply && !reply.error && reply.version !== shown.version) load();
    else render();
  }

  return { update };
}
