// Start-up, navigation and the shell's controls. Each screen's rendering lives in its module;
// this file wires them together.

import { el, fill } from './dom.js';
import * as api from './api.js';
import { applyStatic, setMessages, t } from './i18n.js';
import { autoLockChoices, setChoices } from './choices.js';
import { crisisLine, serviceCard } from './services.js';
import { keptNote, renderPage } from './guide.js';
import { reportSection } from './report.js';
import { renderEvidence } from './evidence.js';
import { forgetWorkspace, workspaceReceiver } from './workspace.js';
import { restartIdle, setAutoLockDelay, setupAutoLock } from './idle.js';
import { setupQuickExit } from './quick-exit.js';
import { setupCheck } from './check.js';

const $ = (id) => document.getElementById(id);

const state = {
  pages: [],
  help: null,
  age: 'unknown',
  discreet: false,
  ticks: { ticked: [], kept: 'session' },
  screen: 'guide',
  page: 'happening-now',
  requests: 0,
};

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

/** Shows one screen and moves focus to its heading, so keyboard and screen-reader users follow. */
function showScreen(name) {
  // A guide page still loading must not pull the person back from the screen they chose.
  if (name !== 'guide') state.requests += 1;
  state.screen = name;
  for (const screen of document.querySelectorAll('.screen')) screen.hidden = screen.id !== `screen-${name}`;
  for (const item of document.querySelectorAll('[data-nav]')) {
    const current = name === 'guide' ? item.dataset.nav === state.page : item.dataset.nav === name;
    if (current) item.setAttribute('aria-current', 'page');
    else item.removeAttribute('aria-current');
  }
  const heading = document.querySelector(`#screen-${name} h1`);
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
  window.scrollTo(0, 0);
}

async function showPage(id) {
  // The latest request wins: a page asked for while another was loading replaces it.
  state.page = id;
  const request = ++state.requests;
  try {
    const [reply, ticks] = await Promise.all([api.guidePage({ id }), api.checklist()]);
    if (request !== state.requests) return;
    state.ticks = ticks;
    const page = renderPage(reply, {
      ticked: new Set(ticks.ticked),
      kept: ticks.kept,
      go: showPage,
      goEvidence: () => showEvidence({ captureNow: true }),
      tick,
    });
    const extras = id === 'report-to-police' ? [await reportSection()] : [];
    if (request !== state.requests) return;
    fill($('screen-guide'), page, ...extras);
    clearError();
    showScreen('guide');
  } catch (error) {
    showError(error.message);
  }
}

async function tick(id, ticked) {
  try {
    state.ticks = await api.tick({ id, ticked });
    const note = $('checklist-kept');
    if (note) note.textContent = keptNote(state.ticks.kept);
  } catch (error) {
    showError(error.message);
  }
}

/** The evidence screen; `captureNow` starts a screen capture at once if the vault is unlocked. */
async function showEvidence({ captureNow = false } = {}) {
  try {
    await renderEvidence($('evidence-body'), {
      age: () => state.age,
      captureNow,
      changed: () => {
        restartIdle();
        for (const id of LOCK_NOTICES) $(id).hidden = true;
        return showEvidence();
      },
      goRemoval: () => showPage('removal'),
    });
    clearError();
    if (state.screen !== 'evidence') showScreen('evidence');
  } catch (error) {
    showError(error.message);
  }
}

function renderNav() {
  const button = (key, label, action) => {
    const node = el('button', { type: 'button', class: 'nav-item', 'data-nav': key }, label);
    node.addEventListener('click', action);
    return el('li', {}, node);
  };
  fill($('nav-list'),
    ...state.pages.map((p) => button(p.id, t(`nav.${p.id}`), () => showPage(p.id))),
    button('help', t('nav.help'), () => showScreen('help')),
    button('evidence', t('nav.evidence'), () => showEvidence()),
    button('settings', t('nav.settings'), () => showScreen('settings')));
}

function renderCountries(countries, chosen) {
  fill($('country'), ...countries.map((c) => {
    const option = el('option', { value: c.code }, c.name);
    option.selected = c.code === chosen;
    return option;
  }));
}

function renderHelp(help) {
  state.help = help;
  const lines = [crisisLine(help.emergency)];
  if (help.crisis) lines.push(crisisLine(help.crisis));
  if (help.country.code === 'INT') lines.push(el('li', { class: 'crisis-line' }, t('crisis.anywhere')));
  fill($('crisis-lines'), ...lines);
  fill($('help-lead'), t('help.lead', { country: help.country.name }));
  fill($('help-list'), ...help.services.map((s) => serviceCard(s, help.emergency)));
  fill($('international-list'), ...help.international.map((s) => serviceCard(s, help.emergency)));
  $('international-heading').hidden = help.international.length === 0;
  $('country').value = help.country.code;
}

/** After the country or age changes: new help, and the page on screen routed again. */
async function rerouted(reply) {
  renderHelp(reply);
  clearError();
  if (state.screen === 'guide') {
    const focus = document.activeElement;
    await showPage(state.page);
    if (focus && document.contains(focus)) focus.focus();
  }
}

/** Removes evidence from the page (the vault is being locked): previews, keys, summaries. */
function forgetEvidence() {
  state.requests += 1;
  forgetWorkspace();
  for (const img of document.querySelectorAll('img[src^="blob:"]')) URL.revokeObjectURL(img.src);
  fill($('evidence-body'));
  fill($('check-result'));
  const summary = document.getElementById('report-summary');
  if (summary) fill(summary);
}

/** Back from quick exit: draw again what `forgetEvidence` emptied (the vault is locked now). */
function redrawAfterExit() {
  if (state.screen === 'evidence') showEvidence();
  if (state.screen === 'guide') showPage(state.page);
}

/** The notices that say why the vault was locked without being asked. */
const LOCK_NOTICES = ['auto-locked', 'sleep-locked'];

/** After the chosen time without use: lock, and take the evidence off the screen. */
async function autoLock() {
  try {
    const status = await api.vaultStatus();
    if (!status.unlocked) return;
    await api.vaultLock();
    await showLocked('auto-locked');
  } catch (error) {
    showError(error.message);
  }
}

/** The vault was locked (`notice` says why): take the evidence off the screen and say so. */
async function showLocked(notice) {
  forgetEvidence();
  if (state.screen === 'evidence') await showEvidence();
  for (const id of LOCK_NOTICES) $(id).hidden = id !== notice;
}

/** The app locks the vault itself when the computer wakes from sleep, and then says so here. */
function setupSleepLock() {
  api.listen('locked-after-sleep', () => {
    showLocked('sleep-locked').catch((error) => showError(error.message));
  });
}

/** A command found the vault locked (a lock the page had not heard of yet): on the evidence
 *  screen, take the evidence away and show the unlock form again. */
function setupLockedReturn() {
  api.onLocked(async () => {
    if (state.screen === 'evidence') await showLocked(null);
  });
}

/** A file dropped on the window, or a picture pasted, goes to the workspace when it is open. */
function setupIntake() {
  // The shell turns dropped files into places (handles), so the page never sends a path.
  api.listen('files-dropped', (event) => {
    const receiver = workspaceReceiver();
    const places = Array.isArray(event.payload) ? event.payload : [];
    if (receiver && places.length) receiver.dropped(places);
  });
  document.addEventListener('paste', (event) => {
    const receiver = workspaceReceiver();
    if (!receiver) return;
    const data = event.clipboardData;
    const file = [...(data?.items ?? [])].find((i) => i.kind === 'file' && i.type.startsWith('image/'));
    if (file) {
      event.preventDefault();
      receiver.pasted(file.getAsFile());
    } else if (!data?.getData('text/plain')) {
      // No words to paste, and the web view offered no picture: look on the system clipboard.
      event.preventDefault();
      receiver.pastedFromSystem();
    }
  });
}

const titleNow = () => (state.discreet ? t('cover.title') : t('app.title'));

async function start() {
  setupQuickExit({
    button: $('quick-exit'),
    app: $('app'),
    cover: $('cover'),
    coverHeading: $('cover-heading'),
    backButton: $('cover-back'),
    neutralTitle: () => t('cover.title'),
    title: titleNow,
    onExit: forgetEvidence,
    onBack: redrawAfterExit,
  });
  setupCheck($('check-form'), $('check-path'), $('check-result'), $('check-choose'));
  $('auto-lock').addEventListener('change', async (event) => {
    try {
      setAutoLockDelay(await api.setAutoLock({ minutes: Number(event.target.value) }));
    } catch (error) {
      showError(error.message);
    }
  });
  setupIntake();
  setupSleepLock();
  setupLockedReturn();
  $('crisis-now').addEventListener('click', () => showPage('hurting-yourself'));
  $('open-help').addEventListener('click', () => showScreen('help'));
  $('country').addEventListener('change', async (event) => {
    try {
      await rerouted(await api.chooseCountry({ code: event.target.value }));
    } catch (error) {
      showError(error.message);
    }
  });
  $('age').addEventListener('change', async (event) => {
    try {
      state.age = event.target.value;
      await rerouted(await api.chooseAge({ age: state.age }));
    } catch (error) {
      showError(error.message);
    }
  });
  $('discreet').addEventListener('change', async (event) => {
    try {
      await api.setDiscreet({ on: event.target.checked });
      state.discreet = event.target.checked;
      document.title = titleNow();
    } catch (error) {
      showError(error.message);
    }
  });

  try {
    const start = await api.guideStart();
    setMessages(start.messages);
    document.documentElement.lang = start.locale;
    applyStatic();
    state.pages = start.pages;
    state.age = start.age;
    state.discreet = start.discreet;
    $('age').value = start.age;
    $('discreet').checked = start.discreet;
    setChoices(start);
    const delay = (minutes) => (minutes === 0 ? t('settings.lock-never') : t(`settings.lock-${minutes}`));
    fill($('auto-lock'), ...autoLockChoices().map((m) => el('option', { value: String(m) }, delay(m))));
    $('auto-lock').value = String(start.auto_lock_minutes);
    setupAutoLock(start.auto_lock_seconds, autoLock);
    document.title = titleNow();
    renderNav();
    renderCountries(start.countries, start.help.country.code);
    renderHelp(start.help);
    await showPage(state.pages[0]?.id ?? 'happening-now');
    // The first screen must not steal focus from the crisis bar's place at the top.
    document.activeElement?.blur();
    document.body.dataset.ready = 'true';
  } catch (error) {
    // The fallback sentence is in the page itself, so it shows even without the catalogue.
    showError(`${error.message} ${$('start-failed').textContent}`);
  }
}

start();
