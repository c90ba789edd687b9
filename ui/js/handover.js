// The export wizard: choose what goes in, who made it, what happened in the person's own words,
// an optional password and where to write it. Holdfast then checks the written bundle with the
// same verifier an officer would use, and explains how to hand it over.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { input, placeChooser, statusLine, textarea } from './fields.js';
import { verdictNodes } from './check.js';
import { itemPicker } from './picker.js';
import { strengthMeter } from './vault-gate.js';

/** The export panel. */
export async function handoverPanel() {
  const { items, held_back: held } = await api.vaultExportable();

  const all = el('input', { type: 'radio', name: 'export-which', id: 'export-all', value: 'all', checked: '' });
  const some = el('input', { type: 'radio', name: 'export-which', id: 'export-some', value: 'some' });
  const picker = itemPicker(items);
  const toggle = () => { picker.node.hidden = !some.checked; };
  all.addEventListener('change', toggle);
  some.addEventListener('change', toggle);
  const which = el('fieldset', {},
    el('legend', {}, t('export.which')),
    el('p', { class: 'check-row' }, all, el('label', { for: 'export-all' }, t('export.all', { count: String(items.length) }))),
    el('p', { class: 'check-row' }, some, el('label', { for: 'export-some' }, t('export.some'))),
    picker.node,
    held ? el('p', { class: 'hint', id: 'export-held' }, t('export.held', { count: String(held) })) : null);

  const initials = input('export-initials', t('export.initials'), { hint: t('export.initials-hint') });
  const name = input('export-name', t('export.name'), { hint: t('export.optional') });
  const contact = input('export-contact', t('export.contact'), { hint: t('export.optional') });
  const words = textarea('export-words', t('export.words'), { hint: t('export.words-hint'), rows: 8 });
  const prompts = el('ul', { class: 'prompts' }, ...['when', 'where', 'asked', 'paid', 'threatened']
    .map((p) => el('li', {}, t(`export.prompt-${p}`))));
  const password = input('export-password', t('export.password'), { type: 'password', hint: t('export.password-hint') });
  const out = input('export-out', t('export.out'), { hint: t('export.out-hint') });
  // With a password the bundle is a 7z archive, so the dialog offers a name ending in .7z.
  const purpose = () => (password.control.value ? 'save-sealed-bundle' : 'save-bundle');
  const choose = placeChooser('export-choose', t('export.choose'), purpose, out.control);
  const meter = strengthMeter(password.control, 'export-strength');
  const message = statusLine('export-status');
  // A bundle with a password is a .7z file, one without a .zip: a place chosen for the other
  // kind is chosen again.
  password.control.addEventListener('input', () => {
    if (choose.chosenFor() && choose.chosenFor() !== purpose()) {
      choose.clear();
      message.textContent = t('export.choose-again');
    }
  });
  const result = el('div', { id: 'export-result' });
  const make = el('button', { type: 'submit', class: 'primary', id: 'export-make' }, t('export.make'));
  const form = el('form', { id: 'export-form', class: 'record-form' },
    el('p', {}, t('export.lead')),
    which, initials.node, name.node, contact.node,
    words.node, el('p', { class: 'hint' }, t('export.prompts')), prompts,
    password.node, meter, out.node, el('p', {}, choose.button),
    el('p', { class: 'actions' }, make), message, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = some.checked ? picker.chosen() : null;
    if (chosen && chosen.length === 0) {
      message.textContent = t('export.none-chosen');
      return;
    }
    if (!choose.place()) {
      message.textContent = t('export.out-needed');
      choose.button.focus();
      return;
    }
    message.textContent = t('export.making');
    fill(result);
    try {
      const done = await api.vaultExport({
        request: {
          place: choose.place(),
          initials: initials.control.value,
          items: chosen,
          name: name.control.value,
          contact: contact.control.value,
          own_words: words.control.value,
          password: password.control.value,
        },
      });
      message.textContent = '';
      fill(result,
        el('h3', { id: 'export-done', tabindex: '-1' }, t('export.done')),
        el('p', {}, t('export.written', { path: done.summary.path, count: String(done.summary.exhibits) })),
        ...verdictNodes(done.verdict),
        el('h3', {}, t('export.how-heading')),
        el('ul', {}, ...['station', 'upload', 'copy', 'password'].map((k) => el('li', {}, t(`export.how-${k}`)))));
      result.querySelector('#export-done').focus();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}
