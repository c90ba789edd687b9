// Start-up and the screens of the help section. Each screen's rendering lives in its module;
// this file wires them to the shell.

import { el, fill } from './dom.js';
import { call } from './ipc.js';
import { crisisLine, serviceCard } from './services.js';
import { setupQuickExit } from './quick-exit.js';

const $ = (id) => document.getElementById(id);

function showError(message) {
  const banner = $('error');
  banner.textContent = message;
  banner.hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function showScreen(name) {
  for (const screen of document.querySelectorAll('.screen')) {
    screen.hidden = screen.id !== `screen-${name}`;
  }
  const heading = document.querySelector(`#screen-${name} h1`);
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function renderCountries(countries, chosen) {
  const select = $('country');
  fill(select, ...countries.map((c) => {
    const option = el('option', { value: c.code }, c.name);
    option.selected = c.code === chosen;
    return option;
  }));
}

function renderHelp(help) {
  const lines = [crisisLine(help.emergency)];
  if (help.crisis) lines.push(crisisLine(help.crisis));
  if (help.country.code === 'INT') {
    lines.push(el('li', { class: 'crisis-line' }, 'Anywhere else: call your local emergency number.'));
  }
  fill($('crisis-lines'), ...lines);
  $('help-country-name').textContent = help.country.name;
  fill($('help-list'), ...help.services.map(serviceCard));
  fill($('international-list'), ...help.international.map(serviceCard));
  $('international-heading').hidden = help.international.length === 0;
  $('country').value = help.country.code;
}

async function chooseCountry(code) {
  try {
    renderHelp(await call('choose_country', { code }));
    clearError();
  } catch (error) {
    showError(error.message);
  }
}

async function start() {
  setupQuickExit({
    button: $('quick-exit'),
    app: $('app'),
    cover: $('cover'),
    coverHeading: $('cover-heading'),
    backButton: $('cover-back'),
  });
  $('open-help').addEventListener('click', () => showScreen('help'));
  $('home-open-help').addEventListener('click', () => showScreen('help'));
  $('back-home').addEventListener('click', () => showScreen('home'));
  $('country').addEventListener('change', (event) => chooseCountry(event.target.value));

  try {
    const overview = await call('help_overview');
    renderCountries(overview.countries, overview.help.country.code);
    renderHelp(overview.help);
    document.body.dataset.ready = 'true';
  } catch (error) {
    showError(`${error.message} If you are in danger, call your local emergency number now.`);
  }
}

start();
