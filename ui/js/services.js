// Renders help services. Every number and link comes from the help data file via the core,
// with the page that states it and the date it was checked.

import { el, longDate } from './dom.js';

const AUDIENCE = { 'under-18': 'For under-18s', adults: 'For adults' };

/** The ways to reach a service, as list items. */
function ways(service) {
  const items = [];
  if (service.phone) {
    const words = service.phone_words ? ` (${service.phone_words})` : '';
    items.push(el('li', { class: 'way' }, 'Call ', el('strong', { class: 'phone' }, service.phone), words));
  } else if (service.phone_words) {
    items.push(el('li', { class: 'way' }, 'Call ', el('strong', { class: 'phone' }, service.phone_words)));
  }
  if (service.text_number) {
    items.push(service.text_message
      ? el('li', { class: 'way' }, 'Text ', el('strong', {}, service.text_message), ' to ', el('strong', { class: 'phone' }, service.text_number))
      : el('li', { class: 'way' }, 'Text ', el('strong', { class: 'phone' }, service.text_number)));
  }
  if (service.url) {
    items.push(el('li', { class: 'way' }, 'Website: ', el('span', { class: 'url' }, service.url)));
  }
  return el('ul', { class: 'ways' }, ...items);
}

/** The "checked on … against …" line every service carries. */
export function sourceLine(service) {
  return el('p', { class: 'source' },
    'Checked on ', el('time', { datetime: service.checked }, longDate(service.checked)),
    ' against ', el('span', { class: 'source-url' }, service.source_url));
}

/** One service as a card. */
export function serviceCard(service) {
  const who = [AUDIENCE[service.audience], service.ages, service.region].filter(Boolean).join(' · ');
  return el('article', { class: 'service', 'data-service-id': service.id, 'data-checked': service.checked },
    el('h3', {}, service.name),
    el('p', { class: 'purpose' }, service.purpose),
    who ? el('p', { class: 'who' }, who) : null,
    ways(service),
    service.hours ? el('p', { class: 'hours' }, `Open: ${service.hours}`) : null,
    service.note ? el('p', { class: 'note' }, service.note) : null,
    sourceLine(service));
}

/** A short line for the crisis bar: "Name: call 999" or "Name: text SHOUT to 85258". */
export function crisisLine(service) {
  let how;
  if (service.phone || service.phone_words) {
    how = el('span', {}, 'call ', el('strong', { class: 'phone' }, service.phone ?? service.phone_words));
  } else if (service.text_number) {
    how = el('span', {}, 'text ', service.text_message ? `${service.text_message} to ` : '', el('strong', { class: 'phone' }, service.text_number));
  } else {
    how = el('span', {}, service.url ?? '');
  }
  return el('li', { class: 'crisis-line', 'data-service-id': service.id, 'data-checked': service.checked },
    el('span', { class: 'crisis-name' }, `${service.name}: `), how);
}
