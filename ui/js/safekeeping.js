// Keeping the vault safe: a backup of the whole vault as one encrypted file, and a new
// passphrase. Restoring a backup is on the locked screen (vault-gate.js).

import { el } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { input, placeChooser, statusLine } from './fields.js';
import { strengthMeter } from './vault-gate.js';

/** The "Keep it safe" panel. */
export function safekeepingPanel() {
  const out = input('backup-out', t('backup.out'), { hint: t('backup.out-hint') });
  const choose = placeChooser('backup-choose', t('export.choose'), 'save-backup', out.control);
  const backupMessage = statusLine('backup-status');
  const backup = el('form', { id: 'backup-form', class: 'record-form' },
    el('h2', {}, t('backup.heading')), el('p', {}, t('backup.lead')),
    out.node, el('p', {}, choose.button),
    el('p', {}, el('button', { type: 'submit', class: 'primary', id: 'backup-make' }, t('backup.make'))), backupMessage);
  backup.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!choose.place()) {
      backupMessage.textContent = t('export.out-needed');
      choose.button.focus();
      return;
    }
    backupMessage.textContent = t('backup.making');
    try {
      const done = await api.vaultBackup({ place: choose.place() });
      backupMessage.textContent = t('backup.done', { path: done.path, count: String(done.items) });
    } catch (error) {
      backupMessage.textContent = error.message;
    }
  });

  const current = input('change-current', t('change.current'), { type: 'password' });
  const next = input('change-new', t('change.new'), { type: 'password' });
  const again = input('change-again', t('evidence.passphrase-again'), { type: 'password' });
  const meter = strengthMeter(next.control, 'change-strength');
  const changeMessage = statusLine('change-status');
  const change = el('form', { id: 'change-form', class: 'record-form' },
    el('h2', {}, t('change.heading')), el('p', {}, t('change.lead')),
    current.node, next.node, meter, again.node,
    el('p', {}, el('button', { type: 'submit', class: 'quiet', id: 'change-save' }, t('change.save'))), changeMessage);
  change.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (next.control.value !== again.control.value) {
      changeMessage.textContent = t('evidence.passphrase-mismatch');
      return;
    }
    changeMessage.textContent = t('evidence.unlocking');
    try {
      await api.vaultChangePassphrase({ current: current.control.value, new: next.control.value });
      change.reset();
      changeMessage.textContent = t('change.done');
    } catch (error) {
      changeMessage.textContent = error.message;
    }
  });
  return el('div', {}, backup, change);
}
