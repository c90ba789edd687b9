// Forms for what the person writes down: a message or threat, the blackmailer's account, a
// payment demand or a payment, and their own note. Each saves through one vault command and
// shows the core's plain message when something needs fixing.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { accountChoices, input, listOf, select, statusLine, textarea, when } from './fields.js';
import { methods } from './choices.js';

function formShell(id, heading, parts, submitLabel) {
  const message = statusLine(`${id}-status`);
  const submit = el('button', { type: 'submit', class: 'primary', id: `${id}-save` }, submitLabel);
  const form = el('form', { id, class: 'record-form', novalidate: '' },
    el('h3', { id: `${id}-heading`, tabindex: '-1' }, heading), ...parts, el('p', { class: 'actions' }, submit), message);
  return { form, message };
}

/** Saves with `save()`; on success clears the form and reports; on failure says why. */
function onSubmit(form, message, save, done) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = t('forms.saving');
    try {
      const outcome = await save();
      if (outcome === false) return;
      form.reset();
      message.textContent = t('forms.saved');
      done();
    } catch (error) {
      message.textContent = error.message;
    }
  });
}

/** A message or threat, or (kind "note") the person's own note. */
export function messageForm(kind, accounts, done) {
  const isNote = kind === 'note';
  const text = textarea(`${kind}-text`, isNote ? t('forms.note-text') : t('forms.message-text'),
    { hint: isNote ? null : t('forms.message-hint'), rows: 6 });
  const platform = input(`${kind}-platform`, t('forms.platform'), { hint: t('forms.platform-hint') });
  const sender = input(`${kind}-sender`, t('forms.sender'));
  const at = when(`${kind}-when`, t('forms.when'));
  const account = select(`${kind}-account`, t('forms.account-link'), accountChoices(accounts));
  const parts = isNote ? [text.node, at.node] : [text.node, platform.node, sender.node, at.node, account.node];
  const { form, message } = formShell(`${kind}-form`, isNote ? t('forms.note-heading') : t('forms.message-heading'),
    parts, t('forms.save'));
  onSubmit(form, message, () => {
    if (!text.control.value.trim()) {
      message.textContent = t('forms.text-needed');
      text.control.focus();
      return false;
    }
    const { happened_at, time_zone } = at.value();
    const details = {
      happened_at, time_zone,
      platform: isNote ? null : platform.control.value,
      sender: isNote ? null : sender.control.value,
      accounts: !isNote && account.control.value ? [Number(account.control.value)] : [],
    };
    return api.vaultAddMessage({ text: text.control.value, details, kind });
  }, done);
  return form;
}

/** The blackmailer's account. */
export function accountForm(done) {
  const platform = input('account-platform', t('forms.platform'), { hint: t('forms.platform-hint') });
  const handle = input('account-handle', t('forms.handle'), { hint: t('forms.handle-hint') });
  const userId = input('account-user-id', t('forms.user-id'), { hint: t('forms.user-id-hint') });
  const url = input('account-url', t('forms.url'));
  const display = input('account-display', t('forms.display-name'));
  const emails = input('account-emails', t('forms.emails'), { hint: t('forms.list-hint') });
  const phones = input('account-phones', t('forms.phones'), { hint: t('forms.list-hint') });
  const { form, message } = formShell('account-form', t('forms.account-heading'),
    [platform.node, handle.node, userId.node, url.node, display.node, emails.node, phones.node], t('forms.save'));
  onSubmit(form, message, () => api.vaultAddAccount({
    account: {
      platform: platform.control.value,
      handle: handle.control.value,
      user_id: userId.control.value || null,
      url: url.control.value || null,
      display_name: display.control.value || null,
      emails: listOf(emails.control.value),
      phones: listOf(phones.control.value),
    },
  }), done);
  return form;
}


/** A payment demand (they asked) or a payment (money was sent). Warnings come before saving. */
export function paymentForm(accounts, done) {
  const kind = select('payment-kind', t('forms.payment-kind'),
    [['demand', t('forms.kind-demand')], ['payment', t('forms.kind-payment')]], 'demand');
  const amount = input('payment-amount', t('forms.amount'), { hint: t('forms.amount-hint') });
  const currency = input('payment-currency', t('forms.currency'), { hint: t('forms.currency-hint'), value: 'GBP' });
  const method = select('payment-method', t('forms.method'), methods().map((m) => [m, t(`forms.method-${m}`)]), 'gift-card');
  const destination = input('payment-destination', t('forms.destination'), { hint: t('forms.destination-hint') });
  const reference = input('payment-reference', t('forms.reference'));
  const at = when('payment-when', t('forms.when'));
  const deadline = when('payment-deadline', t('forms.deadline'));
  const account = select('payment-account', t('forms.account-from'), accountChoices(accounts));
  const warnings = el('div', { id: 'payment-warnings', class: 'warnings', 'aria-live': 'polite' });
  const { form, message } = formShell('payment-form', t('forms.payment-heading'),
    [kind.node, amount.node, currency.node, method.node, destination.node, reference.node, at.node, deadline.node,
      account.node, warnings], t('forms.save'));
  let confirmed = '';
  const payment = () => {
    const { happened_at } = at.value();
    return {
      kind: kind.control.value,
      amount: amount.control.value.trim(),
      currency: currency.control.value.trim().toUpperCase(),
      method: method.control.value,
      destination: destination.control.value,
      reference: reference.control.value || null,
      happened_at,
      deadline: deadline.value().happened_at,
      paid: kind.control.value === 'payment',
      account: account.control.value ? Number(account.control.value) : null,
    };
  };
  onSubmit(form, message, async () => {
    const p = payment();
    const key = JSON.stringify(p);
    if (confirmed !== key) {
      const found = await api.paymentWarnings({ payment: p });
      if (found.length > 0) {
        confirmed = key;
        fill(warnings, el('p', {}, t('forms.warnings-lead')), el('ul', {}, ...found.map((w) => el('li', {}, t(w.key, w.params)))),
          el('p', {}, t('forms.warnings-again')));
        message.textContent = '';
        return false;
      }
    }
    await api.vaultAddPayment({ payment: p });
    confirmed = '';
    fill(warnings);
    return true;
  }, done);
  return form;
}
