// Choosing items for a bundle: a list of ticks, narrowed by typing, shown a page at a time so a
// vault with thousands of items stays quick. Ticks are kept while the list is narrowed.

import { el, fill } from './dom.js';
import { dateTime, t } from './i18n.js';
import { input } from './fields.js';

const PAGE = 200;

/** What a person sees for an item in the list. */
function itemLabel(item) {
  const what = item.original_name ?? (item.text ?? '').slice(0, 80);
  return `${t(`kind.${item.kind}`)} · ${dateTime(item.happened_utc ?? item.captured_at)} · ${what}`;
}

/**
 * The picker over `items` (none of them intimate). `node` goes in the form; `chosen()` gives
 * the ticked item ids, in the vault's order.
 */
export function itemPicker(items) {
  const ticked = new Set();
  const labels = new Map(items.map((i) => [i.id, itemLabel(i)]));
  const find = input('export-find', t('export.find'));
  const list = el('ul', { id: 'export-items', class: 'export-items' });
  const count = el('p', { class: 'hint', id: 'export-count', role: 'status' });
  const more = el('button', { type: 'button', class: 'quiet', id: 'export-more' }, t('export.more'));
  let shown = PAGE;
  let found = items;

  const showCount = () => {
    count.textContent = t('export.picked', {
      shown: String(Math.min(shown, found.length)), found: String(found.length), ticked: String(ticked.size),
    });
  };
  const row = (item) => {
    const id = `export-item-${item.id}`;
    const box = el('input', { type: 'checkbox', id, 'data-item': String(item.id) });
    box.checked = ticked.has(item.id);
    box.addEventListener('change', () => {
      if (box.checked) ticked.add(item.id); else ticked.delete(item.id);
      showCount();
    });
    return el('li', { class: 'check-row' }, box, el('label', { for: id }, labels.get(item.id)));
  };
  const render = () => {
    const words = find.control.value.trim().toLowerCase();
    found = words ? items.filter((i) => labels.get(i.id).toLowerCase().includes(words)) : items;
    fill(list, ...found.slice(0, shown).map(row));
    more.hidden = found.length <= shown;
    showCount();
  };
  find.control.addEventListener('input', () => { shown = PAGE; render(); });
  more.addEventListener('click', () => { shown += PAGE; render(); });
  render();

  const node = el('div', { id: 'export-pick', hidden: '' }, find.node, count, list, el('p', {}, more));
  const chosen = () => items.map((i) => i.id).filter((id) => ticked.has(id));
  return { node, chosen };
}
