// The evidence screen: start, unlock and lock the vault, and capture the screen into it.

import { el, fill } from './dom.js';
import { call } from './ipc.js';
import { t } from './i18n.js';

function field(id, label, type = 'password') {
  return el('p', { class: 'field' }, el('label', { for: id }, label),
    el('input', { id, type, autocomplete: 'off', spellcheck: 'false' }));
}

/**
 * Renders the screen for the vault's state. `ctx.age()` gives the age chosen (a vault for someone
 * under 18 refuses intimate images); `ctx.changed()` is called after an unlock or lock;
 * `ctx.captureNow` starts a capture at once when the vault is unlocked; `ctx.goRemoval()` opens
 * the page on getting pictures taken down.
 */
export async function renderEvidence(body, ctx) {
  const status = await call('vault_status');
  const message = el('p', { class: 'status', role: 'status', id: 'evidence-status' });
  if (status.unlocked) {
    const count = el('p', { id: 'vault-state', 'data-state': 'unlocked' });
    const recount = async () => {
      const listing = await call('vault_list');
      const exhibits = listing.items.filter((item) => !item.intimate).length;
      count.textContent = t('evidence.unlocked', { count: String(exhibits) });
    };
    await recount();
    const lock = el('button', { type: 'button', class: 'quiet', id: 'vault-lock' }, t('evidence.lock'));
    lock.addEventListener('click', async () => {
      await call('vault_lock');
      ctx.changed();
    });
    const capture = el('button', { type: 'button', class: 'primary', id: 'capture' }, t('capture.button'));
    const area = el('div', { id: 'capture-area' });
    const start = () => startCapture(area, message, {
      age: ctx.age(),
      onSaved: () => recount().catch(() => {}),
      goRemoval: ctx.goRemoval,
    });
    capture.addEventListener('click', start);
    fill(body, count, el('p', {}, t('capture.lead')), el('p', {}, capture), message, area, el('p', {}, lock));
    if (ctx.captureNow) start();
    return;
  }
  if (status.exists) {
    const form = el('form', { id: 'unlock-form' },
      el('p', { id: 'vault-state', 'data-state': 'locked' }, t('evidence.exists-locked')),
      field('unlock-passphrase', t('evidence.passphrase')),
      el('p', { class: 'hint' }, t('evidence.recovery')),
      field('unlock-recovery', t('evidence.recovery-key'), 'text'),
      el('button', { type: 'submit', class: 'primary' }, t('evidence.unlock')), message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const passphrase = form.querySelector('#unlock-passphrase').value;
      const recoveryKey = form.querySelector('#unlock-recovery').value.trim();
      message.textContent = t('evidence.unlocking');
      try {
        await call('vault_unlock', passphrase ? { passphrase } : { recoveryKey });
        ctx.changed();
      } catch (error) {
        message.textContent = error.message;
      }
    });
    fill(body, form);
    return;
  }
  const form = el('form', { id: 'create-form' },
    el('h2', { id: 'vault-state', 'data-state': 'none' }, t('evidence.create-heading')),
    el('p', {}, t('evidence.create-lead')),
    field('create-passphrase', t('evidence.passphrase')),
    field('create-again', t('evidence.passphrase-again')),
    el('button', { type: 'submit', class: 'primary' }, t('evidence.create')), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const passphrase = form.querySelector('#create-passphrase').value;
    if (passphrase !== form.querySelector('#create-again').value) {
      message.textContent = t('evidence.passphrase-mismatch');
      return;
    }
    message.textContent = t('evidence.unlocking');
    try {
      const created = await call('vault_create', { passphrase, under18: ctx.age() === 'under-18' });
      fill(body, el('p', {}, t('evidence.created')),
        el('p', { class: 'recovery-key', id: 'recovery-key', translate: 'no' }, created.recovery_key));
      ctx.changed(false);
    } catch (error) {
      message.textContent = error.message;
    }
  });
  fill(body, form);
}

/** Captures the screen (Holdfast hides itself meanwhile), then asks before anything is kept. */
async function startCapture(area, message, { age, onSaved, goRemoval }) {
  message.textContent = t('capture.hiding');
  fill(area);
  let bytes;
  try {
    bytes = await call('capture_screen');
  } catch (error) {
    message.textContent = error.message;
    return;
  }
  message.textContent = '';
  const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
  const done = (text, ...more) => {
    URL.revokeObjectURL(url);
    fill(area, el('p', { id: 'capture-result' }, text), ...more);
  };
  const note = el('input', { id: 'capture-note', type: 'text', autocomplete: 'off' });
  const save = el('button', { type: 'button', class: 'primary', id: 'capture-save' }, t('capture.save'));
  const intimate = el('button', { type: 'button', id: 'capture-intimate' }, t('capture.intimate-yes'));
  const discard = el('button', { type: 'button', class: 'quiet', id: 'capture-discard' }, t('capture.discard'));
  save.addEventListener('click', async () => {
    try {
      await call('capture_save', { note: note.value });
      done(t('capture.saved'));
      onSaved();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  intimate.addEventListener('click', async () => {
    await call('capture_discard').catch(() => {});
    const removal = el('button', { type: 'button', class: 'link-button', id: 'capture-removal' }, t('nav.removal'));
    removal.addEventListener('click', () => goRemoval());
    done(age === 'under-18' ? t('capture.not-kept-under-18') : t('capture.not-kept'), el('p', {}, removal));
  });
  discard.addEventListener('click', async () => {
    await call('capture_discard').catch(() => {});
    done(t('capture.discarded'));
  });
  fill(area,
    el('h2', { id: 'capture-heading', tabindex: '-1' }, t('capture.preview-heading')),
    el('img', { id: 'capture-preview', class: 'capture-preview', src: url, alt: t('capture.preview-alt') }),
    el('p', { class: 'question' }, t('capture.question')),
    el('p', { class: 'hint' }, t('capture.question-hint')),
    el('p', { class: 'field' }, el('label', { for: 'capture-note' }, t('capture.note')), note),
    el('p', { class: 'actions' }, save, intimate, discard));
  area.querySelector('#capture-heading').focus();
}
