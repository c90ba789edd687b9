// "Check a bundle": the verifier's verdict on a handover bundle, with no vault needed.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { choosePlace } from './fields.js';

/** The verdict as nodes: verified or the failing files, and the signing key's fingerprint. */
export function verdictNodes(verdict) {
  const parts = verdict.verified
    ? [el('p', { class: 'verdict-ok', 'data-verified': 'true' }, t('check.ok')),
      el('p', {}, t('check.files', { count: String(verdict.files_checked) }))]
    : [el('p', { class: 'verdict-failed', 'data-verified': 'false' }, t('check.failed')),
      el('ul', {}, ...verdict.problems.map((p) => el('li', {},
        p.file ? el('code', { translate: 'no' }, p.file) : null, p.file ? ': ' : null, p.what))),
      verdict.more_problems ? el('p', {}, t('check.more', { count: String(verdict.more_problems) })) : null];
  if (verdict.fingerprint) parts.push(el('p', {}, t('check.fingerprint', { fingerprint: verdict.fingerprint })));
  return parts;
}

/** Wires the form: a bundle chosen in the system's dialog (the field shows where it is) and a
 * password for a sealed bundle, verdict out; "Stop checking" while it runs. */
export function setupCheck(form, pathInput, result, chooseButton) {
  const password = form.querySelector('#check-password');
  const go = form.querySelector('#check-go');
  const stop = form.querySelector('#check-stop');
  let place = null;
  pathInput.readOnly = true;
  pathInput.placeholder = t('place.none');
  stop.addEventListener('click', () => api.bundleVerifyStop().catch(() => {}));
  chooseButton.addEventListener('click', async () => {
    try {
      const picked = await choosePlace('open-bundle');
      if (picked) {
        place = picked.handle;
        pathInput.value = picked.shown;
        form.requestSubmit();
      }
    } catch (error) {
      fill(result, el('p', { class: 'verdict-failed' }, error.message));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!place) {
      fill(result, el('p', {}, t('check.choose-first')));
      chooseButton.focus();
      return;
    }
    fill(result, el('p', {}, t('check.checking')));
    stop.hidden = false;
    go.disabled = true;
    try {
      const verdict = await api.bundleVerify({ place, password: password.value || null });
      fill(result, ...verdictNodes(verdict));
    } catch (error) {
      const stopped = error.code === 'cancelled';
      fill(result, el('p', { class: stopped ? '' : 'verdict-failed', id: stopped ? 'check-stopped' : null },
        stopped ? t('check.stopped') : error.message));
    } finally {
      stop.hidden = true;
      go.disabled = false;
      password.value = '';
    }
  });
}
