// Before the workspace: create a vault (passphrase with a strength meter, where it lives, the
// recovery key saved and checked), unlock it (passphrase or recovery key), or restore a backup.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { choosePlace, input, placeChooser, statusLine } from './fields.js';

/** A strength meter that follows `control`; the judging is done by the core. */
export function strengthMeter(control, id) {
  const meter = el('meter', { id, min: '0', max: '4', low: '2', high: '3', optimum: '4', value: '0',
    'aria-labelledby': `${id}-label` });
  const label = el('span', { id: `${id}-label` }, t('strength.label'));
  const verdict = el('span', { id: `${id}-verdict`, 'aria-live': 'polite' });
  const advice = el('span', { class: 'hint', id: `${id}-advice` });
  let asked = 0;
  control.addEventListener('input', async () => {
    const request = ++asked;
    const s = await api.passphraseMeter({ passphrase: control.value }).catch(() => null);
    if (!s || request !== asked) return;
    meter.value = s.score;
    verdict.textContent = control.value ? t(`strength.${s.enough ? 'good' : 'weak'}`) : '';
    advice.textContent = [s.warning, ...s.suggestions].filter(Boolean).map((key) => t(key)).join(' ');
  });
  return el('p', { class: 'field strength' }, label, meter, verdict, advice);
}

const busy = () => el('progress', { id: 'unlock-progress', 'aria-label': t('evidence.unlocking') });

/** The unlock form for an existing vault. */
export function unlockForm(status, changed) {
  const passphrase = input('unlock-passphrase', t('evidence.passphrase'), { type: 'password' });
  const recovery = input('unlock-recovery', t('evidence.recovery-key'), { hint: t('evidence.recovery') });
  recovery.node.hidden = true;
  const useKey = el('button', { type: 'button', class: 'link-button', id: 'use-recovery' }, t('evidence.use-recovery'));
  useKey.addEventListener('click', () => {
    recovery.node.hidden = false;
    passphrase.node.hidden = true;
    passphrase.control.value = '';
    useKey.hidden = true;
    recovery.control.focus();
  });
  const message = statusLine('evidence-status');
  const progress = el('p', {});
  const form = el('form', { id: 'unlock-form' },
    el('p', { id: 'vault-state', 'data-state': 'locked' }, t('evidence.exists-locked')),
    passphrase.node, recovery.node, el('p', {}, useKey),
    el('button', { type: 'submit', class: 'primary' }, t('evidence.unlock')), progress, message,
    el('p', { class: 'hint' }, t('evidence.no-lockout')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = recovery.control.value.trim();
    fill(progress, busy());
    message.textContent = t('evidence.unlocking');
    try {
      await api.vaultUnlock(key ? { recovery_key: key } : { passphrase: passphrase.control.value });
      changed();
    } catch (error) {
      fill(progress);
      message.textContent = error.code === 'wrong_passphrase' ? t('evidence.wrong') : error.message;
    }
  });
  return el('div', {}, form, otherPlaces(status, changed));
}

/** Restore a backup, or open a vault kept in another folder (a USB stick). */
function otherPlaces(status, changed) {
  const backup = input('restore-file', t('restore.file'));
  const chooseBackup = placeChooser('restore-choose', t('restore.choose'), 'open-backup', backup.control);
  const dest = input('restore-dest', t('restore.dest'), { hint: t('restore.dest-hint') });
  const chooseDest = placeChooser('restore-dest-choose', t('location.choose'), 'folder', dest.control);
  const message = statusLine('restore-status');
  const restore = el('form', { id: 'restore-form', class: 'record-form' },
    el('h2', {}, t('restore.heading')), el('p', {}, t('restore.lead')),
    backup.node, el('p', {}, chooseBackup.button), dest.node, el('p', {}, chooseDest.button),
    el('p', {}, el('button', { type: 'submit', class: 'quiet', id: 'restore-go' }, t('restore.go'))), message);
  restore.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!chooseBackup.place() || !chooseDest.place()) {
      message.textContent = t(chooseBackup.place() ? 'location.needed' : 'restore.file-needed');
      (chooseBackup.place() ? chooseDest : chooseBackup).button.focus();
      return;
    }
    message.textContent = t('restore.working');
    try {
      await api.vaultRestore({ backup: chooseBackup.place(), dest: chooseDest.place() });
      changed();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  const folder = input('open-folder', t('location.other'), { value: status.dir });
  const chooseFolder = placeChooser('open-folder-choose', t('location.choose'), 'folder', folder.control);
  const openMessage = statusLine('open-folder-status');
  const open = el('form', { id: 'open-folder-form', class: 'record-form' },
    el('h2', {}, t('location.heading')), el('p', {}, t('location.lead')), folder.node, el('p', {}, chooseFolder.button),
    el('p', {}, el('button', { type: 'submit', class: 'quiet', id: 'open-folder-go' }, t('location.use'))), openMessage);
  open.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!chooseFolder.place()) {
      openMessage.textContent = t('location.needed');
      chooseFolder.button.focus();
      return;
    }
    try {
      await api.vaultUseFolder({ place: chooseFolder.place() });
      changed();
    } catch (error) {
      openMessage.textContent = error.message;
    }
  });
  return el('div', { class: 'other-places' }, restore, open);
}

/** The create form; `created(recoveryKey)` follows a new vault. */
export function createForm(status, ctx, created) {
  const passphrase = input('create-passphrase', t('evidence.passphrase'), { type: 'password', hint: t('evidence.passphrase-hint') });
  const again = input('create-again', t('evidence.passphrase-again'), { type: 'password' });
  const meter = strengthMeter(passphrase.control, 'create-strength');
  const here = el('input', { type: 'radio', name: 'vault-place', id: 'place-here', value: 'here', checked: '' });
  const there = el('input', { type: 'radio', name: 'vault-place', id: 'place-there', value: 'there' });
  const folder = input('create-folder', t('location.folder'), { hint: t('location.folder-hint') });
  folder.node.hidden = true;
  const choose = placeChooser('create-folder-choose', t('location.choose'), 'folder', folder.control);
  choose.button.hidden = true;
  const place = () => {
    folder.node.hidden = !there.checked;
    choose.button.hidden = !there.checked;
  };
  here.addEventListener('change', place);
  there.addEventListener('change', place);
  const message = statusLine('evidence-status');
  const progress = el('p', {});
  const form = el('form', { id: 'create-form' },
    el('h2', { id: 'vault-state', 'data-state': 'none' }, t('evidence.create-heading')),
    el('p', {}, t('evidence.create-lead')),
    passphrase.node, meter, again.node,
    el('fieldset', {}, el('legend', {}, t('location.heading')),
      el('p', { class: 'check-row' }, here, el('label', { for: 'place-here' }, t('location.here'))),
      el('p', { class: 'check-row' }, there, el('label', { for: 'place-there' }, t('location.there'))),
      folder.node, el('p', {}, choose.button)),
    el('button', { type: 'submit', class: 'primary' }, t('evidence.create')), progress, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (passphrase.control.value !== again.control.value) {
      message.textContent = t('evidence.passphrase-mismatch');
      return;
    }
    const chosen = there.checked ? choose.place() : null;
    if (there.checked && !chosen) {
      message.textContent = t('location.needed');
      choose.button.focus();
      return;
    }
    fill(progress, busy());
    message.textContent = t('evidence.unlocking');
    try {
      const made = await api.vaultCreate({ passphrase: passphrase.control.value, under_18: ctx.age() === 'under-18', place: chosen });
      created(made.recovery_key);
    } catch (error) {
      fill(progress);
      message.textContent = error.message;
    }
  });
  return el('div', {}, form, otherPlaces(status, ctx.changed));
}

/** The recovery key, shown once: save it, print it, then prove it was kept. */
export function recoveryKeyStep(body, key, done) {
  const saveMessage = statusLine('recovery-save-status');
  const save = el('button', { type: 'button', class: 'quiet', id: 'recovery-save' }, t('recovery.save'));
  save.addEventListener('click', async () => {
    try {
      const chosen = await choosePlace('save-key');
      if (!chosen) return;
      await api.saveRecoveryKey({ place: chosen.handle, key });
      saveMessage.textContent = t('recovery.saved');
    } catch (error) {
      saveMessage.textContent = error.message;
    }
  });
  const print = el('button', { type: 'button', class: 'quiet', id: 'recovery-print' }, t('recovery.print'));
  print.addEventListener('click', () => window.print());
  const typed = input('recovery-confirm', t('recovery.confirm'), { hint: t('recovery.confirm-hint') });
  const message = statusLine('recovery-status');
  const form = el('form', { id: 'recovery-form' }, typed.node,
    el('p', {}, el('button', { type: 'submit', class: 'primary', id: 'recovery-done' }, t('recovery.done'))), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await api.recoveryKeyMatches({ shown: key, typed: typed.control.value })) {
      done();
    } else {
      message.textContent = t('recovery.mismatch');
    }
  });
  form.hidden = true;
  const shown = el('p', { class: 'recovery-key printable', id: 'recovery-key', translate: 'no' }, key);
  const kept = el('button', { type: 'button', class: 'primary', id: 'recovery-kept' }, t('recovery.kept'));
  kept.addEventListener('click', () => {
    shown.hidden = true;
    kept.hidden = true;
    form.hidden = false;
    typed.control.focus();
  });
  const back = el('button', { type: 'button', class: 'link-button', id: 'recovery-show' }, t('recovery.show-again'));
  back.addEventListener('click', () => {
    shown.hidden = false;
    kept.hidden = false;
    form.hidden = true;
  });
  form.append(el('p', {}, back));
  fill(body,
    el('h2', { id: 'recovery-heading', tabindex: '-1' }, t('recovery.heading')),
    el('p', {}, t('evidence.created')),
    shown,
    el('p', { class: 'actions' }, save, print), saveMessage,
    el('p', {}, t('recovery.why')),
    el('p', {}, kept),
    form);
  body.querySelector('#recovery-heading').focus();
}
