// One item in full: its preview (decrypted in memory only), fingerprints and times, the
// accounts it is linked to, and every version of its details. Editing makes a new version; the
// original never changes.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { dateTime, t } from './i18n.js';
import { accountChoices, input, select, statusLine, when } from './fields.js';
import { whenText } from './timeline.js';

function facts(rows) {
  return el('dl', { class: 'facts' }, ...rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v, code]) => [el('dt', {}, k), el('dd', {}, code ? el('code', { translate: 'no' }, v) : v)]));
}

/** A time in the person's words, and exactly as stored. */
function timeRow(instant, exact) {
  return t('item.time-exact', { time: dateTime(instant), exact });
}

function detailRows(item) {
  const zone = item.happened_tz ? ` (${item.happened_tz})` : '';
  return [
    [t('item.happened'), item.happened_at ? timeRow(item.happened_utc, `${whenText(item.happened_at)}${zone}`) : null],
    [t('forms.platform'), item.platform],
    [t('forms.sender'), item.sender],
    [t('item.note'), item.note],
    [t('item.tags'), item.tags.join(', ')],
  ];
}

/** Renders item `id` into `body`; `back()` returns to the timeline. */
export async function renderItem(body, id, back) {
  const view = await api.vaultItem({ id });
  const { item } = view;
  const backButton = el('button', { type: 'button', class: 'quiet', id: 'item-back' }, t('item.back'));
  backButton.addEventListener('click', back);
  const previewNode = el('div', { class: 'item-preview', id: 'item-preview' });
  if (item.text !== null) {
    previewNode.append(el('p', { class: 'item-text', id: 'item-text' }, item.text));
  } else if (item.intimate) {
    previewNode.append(el('p', {}, t('item.intimate-hidden')));
  } else if (item.media_type === 'image/png' || item.media_type === 'image/jpeg') {
    try {
      const bytes = await api.vaultItemOriginal({ id });
      const url = URL.createObjectURL(new Blob([bytes], { type: item.media_type }));
      previewNode.append(el('img', { src: url, id: 'item-image', class: 'capture-preview', alt: t('item.preview-alt') }));
    } catch (error) {
      previewNode.append(el('p', {}, error.message));
    }
  } else {
    previewNode.append(el('p', {}, t('item.no-preview')));
  }
  const linked = view.accounts.length
    ? el('ul', { id: 'item-accounts' }, ...view.accounts.map((a) => el('li', {}, `${a.platform}: ${a.handle}${a.user_id ? ` (${a.user_id})` : ''}`)))
    : el('p', { id: 'item-accounts' }, t('item.no-accounts'));
  const filters = await api.vaultFilters();
  const linkChoice = select('item-link-account', t('item.link-choose'), accountChoices(filters.accounts));
  const linkButton = el('button', { type: 'button', class: 'quiet', id: 'item-link' }, t('item.link'));
  const message = statusLine('item-status');
  const refresh = () => renderItem(body, id, back);
  linkButton.addEventListener('click', async () => {
    if (!linkChoice.control.value) return;
    try {
      await api.vaultLink({ item: id, account: Number(linkChoice.control.value) });
      await refresh();
    } catch (error) {
      message.textContent = error.message;
    }
  });

  const platform = input('edit-platform', t('forms.platform'), { value: item.platform ?? '' });
  const sender = input('edit-sender', t('forms.sender'), { value: item.sender ?? '' });
  const note = input('edit-note', t('item.note'), { value: item.note ?? '' });
  const at = when('edit-when', t('forms.when'));
  const edit = el('form', { id: 'edit-form', class: 'record-form' },
    el('h3', {}, t('item.edit-heading')), el('p', { class: 'hint' }, t('item.edit-lead')),
    platform.node, sender.node, note.node, at.node,
    el('p', {}, el('button', { type: 'submit', class: 'quiet', id: 'edit-save' }, t('item.edit-save'))));
  edit.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const chosen = at.value();
      await api.vaultEditItem({
        id,
        details: {
          happened_at: chosen.happened_at ?? item.happened_at,
          time_zone: chosen.happened_at ? chosen.time_zone : item.happened_tz,
          platform: platform.control.value, sender: sender.control.value, note: note.control.value, tags: item.tags,
        },
      });
      await refresh();
      body.querySelector('#item-status').textContent = t('item.edited');
    } catch (error) {
      message.textContent = error.message;
    }
  });

  const history = el('ol', { id: 'item-history', class: 'history' }, ...view.history.map((v) =>
    el('li', {}, el('p', {}, t('item.version', { version: String(v.version) })), facts(detailRows(v)))));

  fill(body,
    el('p', {}, backButton),
    el('h2', { id: 'item-heading', tabindex: '-1' }, t('item.heading', { kind: t(`kind.${item.kind}`), id: String(item.id) })),
    previewNode,
    facts([
      [t('item.kind'), t(`kind.${item.kind}`)],
      [t('item.name'), item.original_name],
      [t('item.captured'), timeRow(item.captured_at, `${whenText(null, item.captured_at)} (${item.captured_offset})`)],
      ...detailRows(item),
      [t('item.covered'), item.covered ? t('item.covered-yes') : null],
      [t('item.size'), t('item.bytes', { count: String(item.size) })],
      [t('item.sha256'), item.sha256, true],
    ]),
    el('h3', {}, t('item.accounts')), linked,
    el('p', { class: 'inline-form' }, linkChoice.node, linkButton),
    message, edit,
    el('h3', {}, t('item.history')), history);
  body.querySelector('#item-heading').focus();
}
