// Renders help services. Every number and link comes from the help data file via the core,
// with the page that states it and the date it was checked. Names, numbers, codes and
// addresses are data, marked translate="no"; every other word comes from the catalogue.

import { el } from './dom.js';
import { longDate, t, tNodes } from './i18n.js';
import { linkRow } from './links.js';

const AUDIENCE = { 'under-18': 'service.under-18', adults: 'service.adults' };

const data = (text, cls = '') => el('strong', { class: cls, translate: 'no' }, text);

/** How to reach a service in a few words: "Call 999", "Text SHOUT to 85258", or nothing. */
export function contact(service) {
  if (service.phone && service.phone_words) {
    return tNodes('service.call-words', { number: data(service.phone, 'phone'), words: data(service.phone_words) });
  }
  if (service.phone || service.phone_words) {
    return tNodes('service.call', { number: data(service.phone ?? service.phone_words, 'phone') });
  }
  if (service.text_number) {
    return service.text_message
      ? tNodes('service.text', { message: data(service.text_message), number: data(service.text_number, 'phone') })
      : tNodes('service.text-plain', { number: data(service.text_number, 'phone') });
  }
  return [];
}

/** The contact inside a sentence: the number alone ("999"), or "text SHOUT to 85258". */
export function shortContact(service) {
  if (service.phone || service.phone_words) return [data(service.phone ?? service.phone_words, 'phone')];
  if (service.text_number) {
    return service.text_message
      ? tNodes('crisis.text', { message: data(service.text_message), number: data(service.text_number, 'phone') })
      : tNodes('crisis.text-plain', { number: data(service.text_number, 'phone') });
  }
  return [];
}

/** The ways to reach a service, as a list. */
function ways(service) {
  const items = [];
  const call = contact(service);
  if (call.length) items.push(el('li', { class: 'way' }, ...call));
  if (service.text_number && (service.phone || service.phone_words)) {
    const text = service.text_message
      ? tNodes('service.text', { message: data(service.text_message), number: data(service.text_number, 'phone') })
      : tNodes('service.text-plain', { number: data(service.text_number, 'phone') });
    items.push(el('li', { class: 'way' }, ...text));
  }
  if (service.url) items.push(el('li', { class: 'way' }, linkRow(service.url)));
  return el('ul', { class: 'ways' }, ...items);
}

/**
 * "Checked on … against …", whose page that is and the date it shows, and a warning with the
 * emergency number when the check or the page is over a year old.
 */
function sourceLines(service, emergency) {
  const lines = [el('p', { class: 'source', 'data-source-kind': service.source_kind }, ...tNodes('service.checked', {
    date: el('time', { datetime: service.checked }, longDate(service.checked)),
    source: el('span', { class: 'source-url', translate: 'no' }, service.source_url),
  }), ...whoseWords(service.source_kind, service.source_dated))];
  for (const more of service.more_sources) {
    lines.push(el('p', { class: 'source', 'data-source-kind': more.kind }, ...tNodes('service.more-source', {
      what: more.for,
      source: el('span', { class: 'source-url', translate: 'no' }, more.url),
    }), ...whoseWords(more.kind, more.dated)));
  }
  if (service.stale) {
    const key = service.old_source ? 'service.stale-source' : 'service.stale';
    lines.unshift(el('p', { class: 'stale', role: 'note' }, ...tNodes(key, { emergency: emergencyNumber(emergency) })));
  }
  return lines;
}

/** " This is (not) the organisation's own page. That page is dated …" */
function whoseWords(kind, dated) {
  const words = [' ', kind === 'official' ? t('service.official') : t('service.secondary')];
  if (dated) {
    words.push(' ', ...tNodes('service.source-dated', { date: el('time', { datetime: dated }, longDate(dated)) }));
  }
  return words;
}

/** The emergency number as a bold data node. */
export function emergencyNumber(emergency) {
  return data(emergency?.phone ?? '', 'phone');
}

/**
 * One service as a card. `emergency` is the chosen country's, named if the card is out of date;
 * `heading` is the card's heading level, one below the heading it sits under.
 */
export function serviceCard(service, emergency, heading = 'h3') {
  const who = [AUDIENCE[service.audience] ? t(AUDIENCE[service.audience]) : null, service.ages, service.region]
    .filter(Boolean).join(' · ');
  return el('article', { class: 'service', 'data-service-id': service.id, 'data-checked': service.checked, 'data-stale': service.stale },
    el(heading, { translate: 'no' }, service.name),
    el('p', { class: 'purpose' }, service.purpose),
    who ? el('p', { class: 'who' }, who) : null,
    ways(service),
    service.hours ? el('p', { class: 'hours' }, t('service.hours', { hours: service.hours })) : null,
    service.note ? el('p', { class: 'note' }, service.note) : null,
    ...sourceLines(service, emergency));
}

/** A short line for the crisis bar: "Samaritans: call 116 123". */
export function crisisLine(service) {
  let how;
  if (service.phone || service.phone_words) {
    how = tNodes('crisis.call', { number: data(service.phone ?? service.phone_words, 'phone') });
  } else if (service.text_number) {
    how = service.text_message
      ? tNodes('crisis.text', { message: data(service.text_message), number: data(service.text_number, 'phone') })
      : tNodes('crisis.text-plain', { number: data(service.text_number, 'phone') });
  } else {
    how = [el('span', { translate: 'no' }, service.url ?? '')];
  }
  return el('li', { class: 'crisis-line', 'data-service-id': service.id, 'data-checked': service.checked },
    el('span', { class: 'crisis-name', translate: 'no' }, service.name), ': ', ...how);
}
