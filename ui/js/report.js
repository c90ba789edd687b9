// "My report summary": the facts from the vault, in sentences the person can read out on a
// call or copy into an online form. Copying is always the person's own click.

import { el } from './dom.js';
import * as api from './api.js';
import { longDate, t } from './i18n.js';
import { clearClipboardButton, copyButton } from './links.js';

const amounts = (totals) => Object.entries(totals).map(([currency, amount]) => `${amount} ${currency}`).join(', ');

function account(a) {
  const parts = [t('report.account', { handle: a.handle, platform: a.platform })];
  if (a.user_id) parts.push(t('report.account-id', { id: a.user_id }));
  if (a.url) parts.push(a.url);
  return parts.join(', ');
}

function payment(p) {
  return t('report.payment', { amount: p.money.amount, currency: p.money.currency, method: p.method, destination: p.destination });
}

/** The summary's sentences. */
export function summaryLines(s) {
  const lines = [];
  lines.push(s.accounts.length ? t('report.accounts', { list: s.accounts.map(account).join('; ') }) : t('report.no-accounts'));
  if (Object.keys(s.total_demanded).length) lines.push(t('report.demanded', { amounts: amounts(s.total_demanded) }));
  lines.push(Object.keys(s.total_paid).length ? t('report.paid', { amounts: amounts(s.total_paid) }) : t('report.unpaid'));
  const details = [...s.demands, ...s.payments].map(payment);
  if (details.length) lines.push(t('report.payments', { list: details.join('; ') }));
  if (s.first && s.last) lines.push(t('report.dates', { first: longDate(s.first.slice(0, 10)), last: longDate(s.last.slice(0, 10)) }));
  lines.push(t('report.exhibits', { count: String(s.exhibits) }));
  return lines;
}

/** The summary section, filled from the vault if it is unlocked. */
export async function reportSection() {
  const body = el('div', { id: 'report-summary' });
  const section = el('section', { class: 'report-summary', 'aria-labelledby': 'report-heading' },
    el('h2', { id: 'report-heading' }, t('report.heading')), body);
  try {
    const lines = summaryLines(await api.reportSummary());
    const status = el('p', { class: 'status', role: 'status' });
    body.append(el('p', {}, t('report.lead')),
      el('div', { class: 'summary-text', translate: 'no' }, ...lines.map((line) => el('p', {}, line))),
      copyButton(t('report.copy'), () => lines.join('\n'), t('report.copied'), status), ' ',
      clearClipboardButton(status), status);
  } catch (error) {
    body.append(el('p', {}, error.code === 'locked' ? t('report.locked') : error.message));
  }
  return section;
}
