// When the vault's database is older than the vault has been (someone may have put back an old
// copy), a notice above the workspace says what is missing and what to do; and the evidence
// files no item names, kept aside and never deleted, can be put back as items from
// "Keep it safe", each after the nudity question.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { longDate, t } from './i18n.js';

const WHY = {
  behind: 'older.behind',
  rewritten: 'older.rewritten',
  record_missing: 'older.missing',
  record_damaged: 'older.damaged',
};

/** The notice, or null when the database is as new as the vault has been. */
export async function olderNotice() {
  const older = await api.vaultOlder();
  if (!older) return null;
  const was = older.was || { at: '', items: 0 };
  const what = t(WHY[older.why] || 'older.damaged', {
    date: was.at ? longDate(was.at.slice(0, 10)) : '',
    was: String(was.items),
    now: String(older.found.items),
  });
  const message = el('p', { class: 'status', role: 'status' });
  const dismiss = el('button', { type: 'button', class: 'quiet', id: 'older-dismiss' }, t('older.dismiss'));
  dismiss.addEventListener('click', async () => {
    try {
      await api.vaultDismissOlder();
      notice.remove();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  const notice = el('section', { id: 'older-database', class: 'notice', role: 'alert', 'aria-labelledby': 'older-heading' },
    el('h2', { id: 'older-heading' }, t('older.heading')),
    el('p', {}, what),
    el('p', {}, t('older.what-to-do')),
    el('p', {}, t('older.dismiss-lead')),
    el('p', {}, dismiss), message);
  return notice;
}

/** The set-aside files, with "Put it back" for each; null when there are none. `saved()` is
 * called after a file is put back. */
export async function setAsidePanel(saved) {
  const files = await api.vaultSetAside();
  if (files.length === 0) return null;
  const area = el('div', { id: 'set-aside-area' });
  const list = el('ul', { id: 'set-aside-list' }, ...files.map((file) => {
    const put = el('button', { type: 'button', class: 'quiet', 'data-name': file.name },
      t('aside.put-back'));
    const item = el('li', {}, el('span', { translate: 'no' }, file.name), ' ',
      t('aside.size', { size: String(Math.max(1, Math.round(file.bytes / 1024))) }), ' ', put);
    put.addEventListener('click', () => ask(area, file, () => {
      item.remove();
      saved();
    }));
    return item;
  }));
  return el('section', { id: 'set-aside', class: 'record-form' },
    el('h2', {}, t('aside.heading')), el('p', {}, t('aside.lead')), list, area);
}

/** The nudity question for one file, then put it back (or leave it aside). */
function ask(area, file, putBack) {
  const result = el('p', { id: 'set-aside-result', role: 'status' });
  const no = el('button', { type: 'button', class: 'primary', id: 'set-aside-no' }, t('aside.no'));
  const yes = el('button', { type: 'button', id: 'set-aside-yes' }, t('aside.yes'));
  no.addEventListener('click', async () => {
    no.disabled = true;
    try {
      await api.vaultPutBack({ name: file.name, intimate: false });
      fill(area, el('p', { id: 'set-aside-result', role: 'status' }, t('aside.done')));
      putBack();
    } catch (error) {
      result.textContent = error.message;
      no.disabled = false;
    }
  });
  yes.addEventListener('click', () => fill(area, el('p', { id: 'set-aside-result', role: 'status' }, t('aside.left'))));
  fill(area, el('h3', { id: 'set-aside-question', tabindex: '-1' }, t('aside.question')),
    el('p', { class: 'hint' }, t('aside.question-hint')),
    el('p', { class: 'actions' }, no, yes), result);
  area.querySelector('#set-aside-question').focus();
}
