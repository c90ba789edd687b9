// "Check a bundle": the verifier's verdict on a handover bundle, with no vault needed.

import { el, fill } from './dom.js';
import { call } from './ipc.js';
import { t } from './i18n.js';

/** Wires the form: path in, verdict out. */
export function setupCheck(form, pathInput, result) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(result, el('p', {}, t('check.checking')));
    try {
      const verdict = await call('bundle_verify', { path: pathInput.value.trim() });
      const parts = verdict.verified
        ? [el('p', { class: 'verdict-ok', 'data-verified': 'true' }, t('check.ok')),
          el('p', {}, t('check.files', { count: String(verdict.files_checked) }))]
        : [el('p', { class: 'verdict-failed', 'data-verified': 'false' }, t('check.failed')),
          el('ul', {}, ...verdict.problems.map((p) => el('li', {},
            p.file ? el('code', { translate: 'no' }, p.file) : null, p.file ? ': ' : null, p.what))),
          verdict.more_problems ? el('p', {}, t('check.more', { count: String(verdict.more_problems) })) : null];
      if (verdict.fingerprint) {
        parts.push(el('p', {}, t('check.fingerprint', { fingerprint: verdict.fingerprint })));
      }
      fill(result, ...parts);
    } catch (error) {
      fill(result, el('p', { class: 'verdict-failed' }, error.message));
    }
  });
}
