// "Check a bundle": the verifier's verdict on a handover bundle, with no vault needed.

import { el, fill } from './dom.js';
import { call } from './ipc.js';
import { t } from './i18n.js';

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

/** Wires the form: path in (typed or chosen), verdict out. */
export function setupCheck(form, pathInput, result, chooseButton) {
  chooseButton.addEventListener('click', async () => {
    try {
      const picked = await call('choose_path', { purpose: 'open-bundle' });
      if (picked) {
        pathInput.value = picked;
        form.requestSubmit();
      }
    } catch (error) {
      fill(result, el('p', { class: 'verdict-failed' }, error.message));
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(result, el('p', {}, t('check.checking')));
    try {
      fill(result, ...verdictNodes(await call('bundle_verify', { path: pathInput.value.trim() })));
    } catch (error) {
      fill(result, el('p', { class: 'verdict-failed' }, error.message));
    }
  });
}
