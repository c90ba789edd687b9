// Form parts shared by the evidence screens: labelled inputs, choices, and "when it happened"
// with its time zone. Every label is tied to its control, so screen readers name each field.

import { el } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';

let serial = 0;
const nextId = (base) => `${base}-${++serial}`;

/** A labelled single-line input; `opts.name` becomes its id (stable for tests). */
export function input(name, label, { type = 'text', hint = null, value = '', required = false } = {}) {
  const control = el('input', { id: name, name, type, autocomplete: 'off', spellcheck: 'false', required: required || null });
  control.value = value;
  const hintNode = hint ? el('span', { class: 'hint', id: `${name}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return { node: el('p', { class: 'field' }, el('label', { for: name }, label), hintNode, control), control };
}

/** A labelled text area. */
export function textarea(name, label, { hint = null, rows = 4, required = false } = {}) {
  const control = el('textarea', { id: name, name, rows: String(rows), spellcheck: 'false', required: required || null });
  const hintNode = hint ? el('span', { class: 'hint', id: `${name}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return { node: el('p', { class: 'field' }, el('label', { for: name }, label), hintNode, control), control };
}

/** A labelled drop-down; `choices` is a list of [value, label]. */
export function select(name, label, choices, value = '') {
  const control = el('select', { id: name, name },
    ...choices.map(([v, text]) => el('option', { value: v }, text)));
  control.value = value;
  return { node: el('p', { class: 'field' }, el('label', { for: name }, label), control), control };
}

/** A checkbox with its label after it. */
export function checkbox(name, label) {
  const control = el('input', { id: name, name, type: 'checkbox' });
  return { node: el('p', { class: 'check-row' }, control, el('label', { for: name }, label)), control };
}

/** The account choices for a link drop-down: none, then each account by platform and name. */
export function accountChoices(accounts) {
  return [['', t('fields.no-account')], ...accounts.map((a) => [String(a.id), `${a.platform}: ${a.handle}`])];
}

const two = (n) => String(Math.abs(n)).padStart(2, '0');

/**
 * A date in three parts (day, month by name, year), in the order the catalogue writes dates
 * (`date.format`), so it follows Holdfast's language and not the computer's. `value()` gives
 * `YYYY-MM-DD`, '' when left empty, and throws (with words from the catalogue) when the parts
 * are not a real date.
 */
export function dateField(name, label) {
  const number = (part, size, words) => el('input', {
    id: `${name}-${part}`, type: 'text', inputmode: 'numeric', maxlength: String(size), size: String(size),
    autocomplete: 'off', 'aria-label': words, placeholder: words,
  });
  const parts = {
    day: number('day', 2, t('fields.day')),
    month: el('select', { id: `${name}-month`, 'aria-label': t('fields.month') },
      el('option', { value: '' }, t('fields.month')),
      ...Array.from({ length: 12 }, (_, i) => el('option', { value: String(i + 1) }, t(`month.${i + 1}`)))),
    year: number('year', 4, t('fields.year')),
  };
  const order = (t('date.format').match(/\{(day|month|year)\}/g) ?? ['{day}', '{month}', '{year}'])
    .map((p) => parts[p.slice(1, -1)]);
  const labelId = nextId('date-label');
  const node = el('div', { class: 'field date-field', role: 'group', 'aria-labelledby': labelId },
    el('span', { class: 'label', id: labelId }, label), el('span', { class: 'date-parts' }, ...order));
  const value = () => {
    const [d, m, y] = [parts.day.value.trim(), parts.month.value, parts.year.value.trim()];
    if (!d && !m && !y) return '';
    const day = /^\d{1,2}$/.test(d) ? Number(d) : 0;
    const at = new Date(Number(y), Number(m) - 1, day);
    if (!/^\d{4}$/.test(y) || !m || at.getDate() !== day || at.getMonth() !== Number(m) - 1) {
      throw new Error(t('fields.date-invalid', { field: label }));
    }
    return `${y}-${two(Number(m))}-${two(day)}`;
  };
  return { node, value, ...parts };
}

/**
 * A time of day as a person types it, whatever the computer's locale: `21:14`, `21:14:03`,
 * `9:14 pm` (the catalogue's words for am and pm), with `.` allowed for `:`. Gives
 * `HH:MM:SS` (`00:00:00` when left empty) and throws, in the catalogue's words, when it is not
 * a time that exists.
 */
export function timeOfDay(typed, label) {
  const text = typed.trim().toLowerCase();
  if (!text) return '00:00:00';
  const [am, pm] = [t('date.am').toLowerCase(), t('date.pm').toLowerCase()];
  const match = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(.*)$/.exec(text);
  const marker = match ? match[4].replaceAll('.', '').trim() : '';
  const half = marker === am.replaceAll('.', '') ? 'am' : marker === pm.replaceAll('.', '') ? 'pm' : marker ? null : '';
  let hour = match ? Number(match[1]) : -1;
  const [minute, second] = match ? [Number(match[2]), Number(match[3] ?? 0)] : [-1, -1];
  if (half) hour = hour >= 1 && hour <= 12 ? (hour % 12) + (half === 'pm' ? 12 : 0) : -1;
  if (half === null || hour < 0 || hour > 23 || minute > 59 || second > 59) {
    throw new Error(t('fields.time-invalid', { field: label }));
  }
  return `${two(hour)}:${two(minute)}:${two(second)}`;
}

/** `+01:00` for an offset in minutes east of UTC. */
export function offsetText(minutes) {
  return `${minutes < 0 ? '-' : '+'}${two(Math.trunc(minutes / 60))}:${two(minutes % 60)}`;
}

/**
 * "When it happened": a date, a time and a time zone (this computer's zone by default, or a
 * fixed UTC offset). `value()` gives `{ happened_at, time_zone }`, with happened_at in RFC 3339 with
 * its offset, or nulls when no date was given.
 */
export function when(name, label) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  const date = dateField(`${name}-date`, t('fields.date'));
  const time = el('input', {
    id: `${name}-time`, type: 'text', autocomplete: 'off', size: '11', placeholder: t('fields.time-hint'),
  });
  const offsets = [];
  for (let m = -12 * 60; m <= 14 * 60; m += 30) offsets.push([String(m), `UTC${offsetText(m)}`]);
  const zoneSelect = el('select', { id: `${name}-zone` },
    el('option', { value: 'local' }, t('fields.zone-local', { zone: zone || offsetText(-new Date().getTimezoneOffset()) })),
    ...offsets.map(([v, text]) => el('option', { value: v, translate: 'no' }, text)));
  const legendId = nextId('legend');
  const node = el('fieldset', { class: 'when', 'aria-labelledby': legendId },
    el('legend', { id: legendId }, label),
    date.node,
    el('p', { class: 'field' }, el('label', { for: time.id }, t('fields.time')), time),
    el('p', { class: 'field' }, el('label', { for: zoneSelect.id }, t('fields.zone')), zoneSelect));
  const value = () => {
    const day = date.value();
    if (!day) return { happened_at: null, time_zone: null };
    const clock = timeOfDay(time.value, t('fields.time'));
    const local = `${day}T${clock}`;
    let minutes;
    if (zoneSelect.value === 'local') {
      const at = new Date(local);
      minutes = Number.isNaN(at.getTime()) ? 0 : -at.getTimezoneOffset();
    } else {
      minutes = Number(zoneSelect.value);
    }
    return { happened_at: `${local}${offsetText(minutes)}`, time_zone: zoneSelect.value === 'local' && zone ? zone : null };
  };
  return { node, value, date, time, zone: zoneSelect };
}

/**
 * Asks the system's dialog for a file or folder (`purpose`, as `choose_path` takes it). The
 * reply is `{handle, shown, name}`, or null when the person cancelled: commands take only the
 * handle, never a path.
 */
export function choosePlace(purpose) {
  return api.choosePath({ purpose });
}

/**
 * A "Choose…" button for `control`, which becomes read-only and shows where the chosen place
 * is. `place()` is the handle for it (null until one is chosen), `chosenFor()` the purpose it
 * was chosen for, and `clear()` forgets it. `purpose` may be a function. Cancelling leaves the
 * field as it was.
 */
export function placeChooser(id, label, purpose, control) {
  control.readOnly = true;
  if (!control.value) control.placeholder = t('place.none');
  let chosen = null;
  const button = el('button', { type: 'button', class: 'quiet', id }, label);
  button.addEventListener('click', async () => {
    const wanted = typeof purpose === 'function' ? purpose() : purpose;
    const picked = await choosePlace(wanted).catch(() => null);
    if (picked) {
      chosen = { handle: picked.handle, purpose: wanted };
      control.value = picked.shown;
    }
  });
  const clear = () => {
    chosen = null;
    control.value = '';
  };
  return { button, place: () => chosen?.handle ?? null, chosenFor: () => chosen?.purpose ?? null, clear };
}

/** A status line that screen readers announce. */
export function statusLine(id) {
  return el('p', { class: 'status', role: 'status', id });
}

/** Splits a list typed one per line or separated by commas. */
export function listOf(text) {
  return text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}
