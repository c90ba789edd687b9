// The evidence screen: start, unlock and lock the vault. (Capturing and adding evidence in the
// window is the evidence workspace's job.)

import { el, fill } from './dom.js';
import { call } from './ipc.js';
import { t } from './i18n.js';

function field(id, label, type = 'password') {
  return el('p', { class: 'field' }, el('label', { for: id }, label),
    el('input', { id, type, autocomplete: 'off', spellcheck: 'false' }));
}

/**
 * Renders the screen for the vault's state. `ctx.age()` gives the age chosen (a vault for someone
 * under 18 refuses intimate images); `ctx.changed()` is called after an unlock or lock.
 */
export async function renderEvidence(body, ctx) {
  const status = await call('vault_status');
  const message = el('p', { class: 'status', role: 'status', id: 'evidence-status' });
  if (status.unlocked) {
    const listing = await call('vault_list');
    const exhibits = listing.items.filter((item) => !item.intimate).length;
    const lock = el('button', { type: 'button', id: 'vault-lock' }, t('evidence.lock'));
    lock.addEventListener('click', async () => {
      await call('vault_lock');
      ctx.changed();
    });
    fill(body, el('p', { id: 'vault-state', 'data-state': 'unlocked' }, t('evidence.unlocked', { count: String(exhibits) })),
      el('p', {}, t('evidence.workspace-note')), lock);
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
