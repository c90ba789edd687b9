// Web addresses from the help data: shown as text, opened in the person's own browser only when
// they click (the core refuses any address that is not in the help data), or copied.

import { el } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';

/** "Empty the clipboard", with its result in `status`: offered after a paste or a copy. */
export function clearClipboardButton(status) {
  const button = el('button', { type: 'button', class: 'quiet', id: 'clear-clipboard' }, t('clipboard.clear'));
  button.addEventListener('click', async () => {
    try {
      await api.clearClipboard();
      status.textContent = t('clipboard.cleared');
    } catch (error) {
      status.textContent = error.message;
    }
  });
  return button;
}

/** Copies text to the clipboard: the person's own click is the only way anything gets there. */
export async function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Fall through to the older way.
    }
  }
  const area = el('textarea', { class: 'offscreen', 'aria-hidden': 'true', readonly: 'readonly' });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  return done;
}

/** A button that copies `text()` and says so in `status`. */
export function copyButton(label, text, copiedMessage, status) {
  const button = el('button', { type: 'button', class: 'small' }, label);
  button.addEventListener('click', async () => {
    status.textContent = (await copyText(text())) ? copiedMessage : t('link.copy-failed');
  });
  return button;
}

/** An address with "Open in your browser" and "Copy address". */
export function linkRow(url) {
  const status = el('span', { class: 'status', role: 'status' });
  const open = el('button', { type: 'button', class: 'small', 'data-url': url }, t('link.open'));
  open.addEventListener('click', async () => {
    try {
      await api.openLink({ url });
      status.textContent = t('link.opened');
    } catch (error) {
      status.textContent = error.message;
    }
  });
  const copy = copyButton(t('link.copy'), () => url, t('link.copied'), status);
  return el('div', { class: 'link-row' },
    el('span', { class: 'url', translate: 'no' }, url),
    el('span', { class: 'link-actions' }, open, copy), status);
}
