// The evidence workspace once the vault is unlocked: add evidence, write things down, the
// timeline and each item, hand over to the police, and keep the vault safe.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { t } from './i18n.js';
import { intakePanel } from './intake.js';
import { accountForm, messageForm, paymentForm } from './forms.js';
import { timelinePanel } from './timeline.js';
import { renderItem } from './item-view.js';
import { handoverPanel } from './handover.js';
import { safekeepingPanel } from './safekeeping.js';
import { olderNotice, setAsidePanel } from './set-aside.js';

const TABS = ['add', 'write', 'timeline', 'handover', 'safe'];
let current = null;

/** Where a dropped file or pasted picture goes, while the workspace is on screen. */
export function workspaceReceiver() {
  return current;
}

/** Renders the workspace into `body`. `ctx`: age(), changed(), goRemoval(), captureNow. */
export async function renderWorkspace(body, ctx) {
  const count = el('p', { id: 'vault-state', 'data-state': 'unlocked' });
  const recount = async () => {
    count.textContent = t('evidence.unlocked', { count: String(await api.vaultExportableCount()) });
  };
  const lock = el('button', { type: 'button', class: 'quiet', id: 'vault-lock' }, t('evidence.lock'));
  lock.addEventListener('click', async () => {
    await api.vaultLock();
    ctx.changed();
  });
  const panel = el('div', { id: 'workspace-panel', class: 'workspace-panel' });
  const intake = intakePanel({ age: ctx.age, saved: () => recount().catch(() => {}), goRemoval: ctx.goRemoval });
  const buttons = TABS.map((name) => {
    const b = el('button', { type: 'button', class: 'tab', id: `tab-${name}`, 'data-tab': name, 'aria-pressed': 'false' },
      t(`workspace.tab-${name}`));
    b.addEventListener('click', () => show(name));
    return b;
  });

  async function show(name, { focus = true } = {}) {
    // Counted again on every tab, so the line above never lags behind what the tabs show.
    recount().catch(() => {});
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.tab === name));
    for (const img of panel.querySelectorAll('img[src^="blob:"]')) URL.revokeObjectURL(img.src);
    try {
      fill(panel, el('h2', { id: 'panel-heading', class: 'panel-heading', tabindex: '-1' }, t(`workspace.tab-${name}`)),
        ...(await panelFor(name)));
      if (focus) panel.querySelector('#panel-heading').focus();
    } catch (error) {
      fill(panel, el('p', { class: 'status', role: 'status' }, error.message));
    }
  }

  async function panelFor(name) {
    const accounts = async () => (await api.vaultFilters()).accounts;
    switch (name) {
      case 'add':
        return [intake.node];
      case 'write': {
        const area = el('div', { id: 'write-area' });
        const saved = () => recount().catch(() => {});
        const forms = {
          message: async () => messageForm('message', await accounts(), saved),
          account: async () => accountForm(saved),
          payment: async () => paymentForm(await accounts(), saved),
          note: async () => messageForm('note', [], saved),
        };
        const choices = Object.keys(forms).map((key) => {
          const b = el('button', { type: 'button', class: 'quiet', id: `write-${key}` }, t(`workspace.write-${key}`));
          b.addEventListener('click', async () => {
            fill(area, await forms[key]());
            area.querySelector('h3').focus();
          });
          return b;
        });
        return [el('p', {}, t('workspace.write-lead')), el('p', { class: 'actions' }, ...choices), area];
      }
      case 'timeline': {
        const holder = el('div', { id: 'timeline-holder' });
        const back = () => show('timeline');
        fill(holder, await timelinePanel((id) => renderItem(holder, id, back).catch((e) => fill(holder, e.message))));
        return [holder];
      }
      case 'handover':
        return [await handoverPanel()];
      default:
        return [await setAsidePanel(() => recount().catch(() => {})), safekeepingPanel()];
    }
  }

  await recount();
  const older = await olderNotice();
  fill(body, count, older, el('nav', { class: 'tabs', 'aria-label': t('workspace.tabs') }, ...buttons), panel, el('p', {}, lock));
  current = {
    dropped: async (places) => {
      await show('add', { focus: false });
      intake.dropped(places);
    },
    pasted: async (blob) => {
      await show('add', { focus: false });
      intake.pasted(blob);
    },
    pastedFromSystem: async () => {
      await show('add', { focus: false });
      intake.pastedFromSystem();
    },
  };
  await show('add', { focus: false });
  if (ctx.captureNow) intake.capture();
}

/** The workspace is gone from the screen (locked or quick exit). */
export function forgetWorkspace() {
  current = null;
}
