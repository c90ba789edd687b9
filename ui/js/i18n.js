// The interface's words. Every string a person reads comes from the message catalogue the core
// sends at start (assets/i18n/), so a translation, or the pseudo-locale, reaches every screen.

let messages = {};

/** Installs the catalogue. */
export function setMessages(catalogue) {
  messages = catalogue;
}

/** A value as shown: text or an element as it is; words the core sent as `{key, params}` in
 *  the catalogue's words; a list of such words as sentences, each followed by a space. */
function value(v) {
  if (Array.isArray(v)) return v.map((s) => `${value(s)} `).join('');
  if (v && typeof v === 'object' && typeof v.key === 'string' && !('nodeType' in v)) return t(v.key, v.params ?? {});
  return v;
}

/** Splits a template into text and `{name}` parts, each replaced by `values[name]`. */
function parts(template, values) {
  const out = [];
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{');
    const close = open < 0 ? -1 : rest.indexOf('}', open);
    if (close < 0) break;
    if (open > 0) out.push(rest.slice(0, open));
    const name = rest.slice(open + 1, close);
    out.push(Object.hasOwn(values, name) ? value(values[name]) : `{${name}}`);
    rest = rest.slice(close + 1);
  }
  if (rest) out.push(rest);
  return out;
}

/** Whether the catalogue has `key`. */
export function has(key) {
  return Object.hasOwn(messages, key);
}

/** A message as text; `{name}` is filled from `values`. An unknown key shows as itself. */
export function t(key, values = {}) {
  const template = Object.hasOwn(messages, key) ? messages[key] : key;
  return parts(template, values).map(String).join('');
}

/** A message as nodes and strings, so that values can be elements (a bold number, a link). */
export function tNodes(key, values = {}) {
  const template = Object.hasOwn(messages, key) ? messages[key] : key;
  return parts(template, values);
}

/** Fills every element marked `data-i18n` (text) and `data-i18n-label` (aria-label). */
export function applyStatic(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
}

/** `2026-11-29` → `29 November 2026`, `2024-02` → `February 2024`, in the catalogue's words. */
export function longDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  if (!month) return String(year);
  if (!day) return t('date.month-year', { month: t(`month.${month}`), year: String(year) });
  return t('date.format', { day: String(day), month: t(`month.${month}`), year: String(year) });
}

/**
 * An instant (RFC 3339) in the person's words, on this computer's clock and in its time zone:
 * `Sat 28 Nov 2026, 9:14 pm`. Text that is not an instant is shown as it is.
 */
export function dateTime(instant) {
  const at = new Date(instant);
  if (!instant || Number.isNaN(at.getTime())) return instant ?? '';
  const hours = at.getHours();
  return t('date.time-format', {
    weekday: t(`weekday.${at.getDay()}`),
    day: String(at.getDate()),
    month: t(`month-short.${at.getMonth() + 1}`),
    year: String(at.getFullYear()),
    hour: String(hours % 12 || 12),
    minute: String(at.getMinutes()).padStart(2, '0'),
    ampm: t(hours < 12 ? 'date.am' : 'date.pm'),
  });
}
