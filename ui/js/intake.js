// Bringing evidence in: capture the screen or one window, add a file (chosen or dropped),
// or paste a picture. Every picture or video is met with the same question before anything is
// kept: does it show nudity or sexual content? Pictures wait in memory for a preview, where
// parts can be covered; only the covered version is stored.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { coverEditor } from './cover.js';
import { choosePlace, statusLine } from './fields.js';
import { clearClipboardButton } from './links.js';


/** The "Add evidence" panel. `ctx`: age(), saved(), goRemoval(). */
export function intakePanel(ctx) {
  const message = statusLine('evidence-status');
  const area = el('div', { id: 'capture-area' });
  const panel = { message, area, ctx };

  const screen = el('button', { type: 'button', class: 'primary', id: 'capture' }, t('capture.button'));
  screen.addEventListener('click', () => capture(panel, null));
  const windows = el('button', { type: 'button', class: 'quiet', id: 'capture-window' }, t('capture.window'));
  windows.addEventListener('click', () => chooseWindow(panel));

  const choose = el('button', { type: 'button', class: 'quiet', id: 'import-choose' }, t('import.choose'));
  choose.addEventListener('click', async () => {
    try {
      const picked = await choosePlace('open-file');
      if (picked) startImport(panel, picked);
    } catch (error) {
      message.textContent = error.message;
    }
  });
  const paste = el('button', { type: 'button', class: 'quiet', id: 'import-paste' }, t('import.paste'));
  paste.addEventListener('click', () => holdClipboard(panel));

  return {
    node: el('div', { class: 'intake' },
      el('h2', {}, t('intake.capture-heading')),
      el('p', {}, t('capture.lead')),
      el('p', { class: 'actions' }, screen, windows),
      el('h2', {}, t('intake.file-heading')),
      el('p', {}, t('import.lead')),
      el('p', { class: 'actions' }, choose, paste),
      el('p', { class: 'hint' }, t('import.drop-paste')),
      message, area),
    capture: () => capture(panel, null),
    dropped: (places) => places[0] && startImport(panel, places[0]),
    pasted: (blob) => holdBytes(panel, blob),
    pastedFromSystem: () => holdClipboard(panel),
  };
}

async function chooseWindow(panel) {
  const { message, area } = panel;
  try {
    const windows = await api.captureWindows();
    if (windows.length === 0) {
      message.textContent = t('capture.no-windows');
      return;
    }
    const list = el('ul', { class: 'window-list', id: 'window-list' }, ...windows.map((w) => {
      const button = el('button', { type: 'button', class: 'quiet', 'data-window': String(w.id) },
        w.title || w.app || t('capture.untitled'));
      button.addEventListener('click', () => capture(panel, w.id));
      return el('li', {}, button, w.app ? el('span', { class: 'hint' }, ` ${w.app}`) : null);
    }));
    fill(area, el('h2', { id: 'window-heading', tabindex: '-1' }, t('capture.window-heading')), list);
    area.querySelector('#window-heading').focus();
  } catch (error) {
    message.textContent = error.message;
  }
}

/** Captures (Holdfast hides itself meanwhile), then previews. */
async function capture(panel, windowId) {
  panel.message.textContent = t('capture.hiding');
  fill(panel.area);
  try {
    const bytes = await api.captureScreen(windowId === null ? {} : { window_id: windowId });
    panel.message.textContent = '';
    preview(panel, bytes, { screenshot: true });
  } catch (error) {
    panel.message.textContent = error.message;
  }
}

async function holdClipboard(panel) {
  try {
    preview(panel, await api.holdClipboard(), { screenshot: true, pasted: true });
  } catch (error) {
    panel.message.textContent = error.message;
  }
}

async function holdBytes(panel, blob) {
  try {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const held = await api.holdPasted(bytes);
    preview(panel, held, { screenshot: true, pasted: true });
  } catch (error) {
    panel.message.textContent = error.message;
  }
}

/** The question and the removal link, for a picture or video not kept. */
function notKept(panel, { canCover, place }) {
  const { ctx, area } = panel;
  const removal = el('button', { type: 'button', class: 'link-button', id: 'capture-removal' }, t('nav.removal'));
  removal.addEventListener('click', () => ctx.goRemoval());
  const parts = [el('p', { id: 'capture-result' }, ctx.age() === 'under-18' ? t('capture.not-kept-under-18') : t('capture.not-kept'))];
  if (canCover) {
    const cover = el('button', { type: 'button', class: 'quiet', id: 'cover-instead' }, t('cover.instead'));
    cover.addEventListener('click', async () => {
      try {
        const bytes = place ? await api.holdFile({ place: place.handle }) : null;
        if (bytes) preview(panel, bytes, { screenshot: false, mustCover: true });
      } catch (error) {
        panel.message.textContent = error.message;
      }
    });
    parts.push(el('p', {}, t('cover.instead-lead')), el('p', {}, cover));
  }
  parts.push(el('p', {}, removal));
  fill(area, ...parts);
}

/** A file the person chose or dropped (a place: `{handle, shown, name}`): what may be a
 * picture or a video (the core decides, from its first bytes and its name) gets the question
 * first; then it is added. */
async function startImport(panel, place) {
  const { area, message } = panel;
  message.textContent = '';
  const { name } = place;
  let intake;
  try {
    intake = await api.intakeClassify({ place: place.handle });
  } catch (error) {
    message.textContent = error.message;
    return;
  }
  if (!intake.asks_nudity) {
    importFile(panel, place);
    return;
  }
  const no = el('button', { type: 'button', class: 'primary', id: 'import-no' }, t('import.no-add'));
  const yes = el('button', { type: 'button', id: 'import-yes' }, t('capture.intimate-yes'));
  const coverFirst = el('button', { type: 'button', class: 'quiet', id: 'import-cover' }, t('cover.first'));
  no.addEventListener('click', () => importFile(panel, place));
  yes.addEventListener('click', () => notKept(panel, { canCover: intake.can_cover, place }));
  coverFirst.addEventListener('click', async () => {
    try {
      preview(panel, await api.holdFile({ place: place.handle }), { screenshot: false });
    } catch (error) {
      message.textContent = error.message;
    }
  });
  fill(area,
    el('h2', { id: 'import-heading', tabindex: '-1' }, t('import.question-heading', { name })),
    el('p', { class: 'question' }, t('capture.question')),
    el('p', { class: 'hint' }, t('capture.question-hint')),
    el('p', { class: 'actions' }, no, yes, intake.can_cover ? coverFirst : null));
  area.querySelector('#import-heading').focus();
}

async function importFile(panel, place) {
  const { area, message } = panel;
  message.textContent = t('import.adding');
  try {
    const id = await api.vaultAddFile({ place: place.handle, details: {}, intimate: false });
    message.textContent = '';
    panel.ctx.saved();
    afterImport(panel, id);
  } catch (error) {
    message.textContent = error.message;
  }
}

/** After a verified import: offer to remove the original, honestly. */
function afterImport(panel, id) {
  const remove = el('button', { type: 'button', class: 'quiet', id: 'import-remove' }, t('import.remove'));
  const result = el('p', { id: 'import-remove-result', role: 'status' });
  remove.addEventListener('click', async () => {
    try {
      await api.removeImportedSource({ id });
      result.textContent = t('import.removed');
      remove.disabled = true;
    } catch (error) {
      result.textContent = error.message;
    }
  });
  fill(panel.area, el('p', { id: 'import-result', 'data-item': String(id) }, t('import.added')),
    el('p', {}, t('import.remove-lead')), el('p', { class: 'hint' }, t('import.remove-honest')),
    el('p', {}, remove), result);
}

/**
 * A picture waiting in memory: preview with covering, the question, a note; then save,
 * "it shows nudity" or discard. `mustCover`: the person said it shows nudity, so it can only be
 * kept with parts covered.
 */
function preview(panel, bytes, { screenshot, mustCover = false, pasted = false }) {
  const { area, message, ctx } = panel;
  const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
  // A pasted picture is still on the clipboard, where another program could paste it.
  const clipboard = () => {
    if (!pasted) return [];
    const status = el('p', { id: 'clear-clipboard-status', role: 'status' });
    return [el('p', { class: 'hint' }, t('clipboard.still')), el('p', {}, clearClipboardButton(status)), status];
  };
  const done = (text, ...more) => {
    URL.revokeObjectURL(url);
    fill(area, el('p', { id: 'capture-result' }, text), ...more, ...clipboard());
  };
  const editor = coverEditor(url, t('capture.preview-alt'));
  const note = el('input', { id: 'capture-note', type: 'text', autocomplete: 'off' });
  const save = el('button', { type: 'button', class: 'primary', id: 'capture-save' },
    mustCover ? t('cover.save-covered') : t('capture.save'));
  const intimate = el('button', { type: 'button', id: 'capture-intimate' }, t('capture.intimate-yes'));
  const discard = el('button', { type: 'button', class: 'quiet', id: 'capture-discard' }, t('capture.discard'));
  save.addEventListener('click', async () => {
    const covers = editor.boxes();
    if (mustCover && covers.length === 0) {
      message.textContent = t('cover.needed');
      return;
    }
    try {
      await api.captureSave({ note: note.value, covers });
      done(covers.length ? t('cover.saved', { count: String(covers.length) }) : t('capture.saved'));
      ctx.saved();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  intimate.addEventListener('click', async () => {
    await api.captureDiscard().catch(() => {});
    URL.revokeObjectURL(url);
    notKept(panel, { canCover: false });
    area.append(el('p', { class: 'hint' }, t('cover.instead-lead-held')), ...clipboard());
  });
  discard.addEventListener('click', async () => {
    await api.captureDiscard().catch(() => {});
    done(t('capture.discarded'));
  });
  fill(area,
    el('h2', { id: 'capture-heading', tabindex: '-1' }, screenshot ? t('capture.preview-heading') : t('cover.heading')),
    el('img', { id: 'capture-preview', src: url, alt: '', hidden: '' }),
    mustCover ? el('p', { class: 'question' }, t('cover.must')) : el('p', { class: 'question' }, t('capture.question')),
    mustCover ? null : el('p', { class: 'hint' }, t('capture.question-hint')),
    editor.node,
    el('p', { class: 'field' }, el('label', { for: 'capture-note' }, t('capture.note')), note),
    el('p', { class: 'actions' }, save, mustCover ? null : intimate, discard));
  area.querySelector('#capture-heading').focus();
}
