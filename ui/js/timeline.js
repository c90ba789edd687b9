// The timeline: everything in the vault in the order it happened, with search and filters, a
// page at a time so ten thousand items stay quick.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { dateTime, t } from './i18n.js';
import { accountChoices, dateField, input, select, statusLine } from './fields.js';
import { kinds } from './choices.js';

const PAGE = 50;

/** The timeline panel. `open(id)` shows one item. */
export async function timelinePanel(open) {
  const filters = await api.vaultFilters();
  const text = input('search-text', t('timeline.search'));
  const kind = select('filter-kind', t('timeline.kind'),
    [['', t('timeline.any')], ...kinds().map((k) => [k, t(`kind.${k}`)])]);
  const platform = select('filter-platform', t('forms.platform'),
    [['', t('timeline.any')], ...filters.platforms.map((p) => [p, p])]);
  const account = select('filter-account', t('timeline.account'), accountChoices(filters.accounts));
  account.control.options[0].textContent = t('timeline.any');
  const from = dateField('filter-from', t('timeline.from'));
  const to = dateField('filter-to', t('timeline.to'));
  const search = el('button', { type: 'submit', class: 'primary', id: 'search-go' }, t('timeline.search-button'));
  const form = el('form', { id: 'timeline-form', class: 'filters', role: 'search' },
    text.node, kind.node, platform.node, account.node, from.node, to.node, el('p', { class: 'actions' }, search));
  const summary = statusLine('timeline-summary');
  const list = el('ol', { id: 'timeline-list', class: 'timeline' });
  const prev = el('button', { type: 'button', class: 'quiet', id: 'timeline-prev' }, t('timeline.prev'));
  const next = el('button', { type: 'button', class: 'quiet', id: 'timeline-next' }, t('timeline.next'));
  let offset = 0;

  const query = () => ({
    text: text.control.value,
    kind: kind.control.value || null,
    platform: platform.control.value || null,
    account: account.control.value ? Number(account.control.value) : null,
    from: dayBound(from.value(), '00:00:00'),
    to: dayBound(to.value(), '23:59:59.999'),
  });
  const show = async () => {
    try {
      // query() throws, in the catalogue's words, when a date is not a real one.
      const page = await api.vaultTimeline({ query: query(), offset, limit: PAGE });
      fill(list, ...page.entries.map(entryNode(open)));
      summary.textContent = page.total === 0
        ? t('timeline.none')
        : t('timeline.showing', { first: String(offset + 1), last: String(offset + page.entries.length), total: String(page.total) });
      summary.dataset.total = String(page.total);
      prev.disabled = offset === 0;
      next.disabled = offset + page.entries.length >= page.total;
    } catch (error) {
      summary.textContent = error.message;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    show();
  });
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    show();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    show();
  });
  await show();
  return el('div', { class: 'timeline-panel' }, form, summary, list, el('p', { class: 'actions pager' }, prev, next));
}

/** The instant a day (YYYY-MM-DD) starts or ends on this computer's clock, or null. */
function dayBound(day, time) {
  if (!day) return null;
  const instant = new Date(`${day}T${time}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** A date and time exactly as stored: the stated time as written, else the UTC instant. */
export function whenText(stated, utc) {
  const raw = stated || utc || '';
  return raw.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
}

const entryNode = (open) => (entry) => {
  // In the person's words and zone; the exact time as stored is in the item view.
  const label = [el('time', { class: 'when', datetime: entry.utc }, dateTime(entry.utc)),
    el('span', { class: 'kind' }, t(`kind.${entry.kind}`)),
    entry.platform ? el('span', { class: 'platform' }, entry.platform) : null,
    el('span', { class: 'summary' }, entry.summary.length > 160 ? `${entry.summary.slice(0, 160)}…` : entry.summary)];
  if (entry.source !== 'item') return el('li', { class: 'entry entry-static', 'data-payment': String(entry.id) }, ...label);
  const button = el('button', { type: 'button', class: 'entry-button', 'data-item': String(entry.id) }, ...label);
  button.addEventListener('click', () => open(entry.id));
  return el('li', { class: 'entry' }, button);
};
