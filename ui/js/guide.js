// Renders one guide page from the core's view of it: sections with their paragraphs, steps and
// checklist; `{service:ID}` as the service's name and contact, `{page:ID}` as a link to that page.

import { el } from './dom.js';
import { longDate, t, tNodes } from './i18n.js';
import { linkRow } from './links.js';
import { emergencyNumber, serviceCard, shortContact } from './services.js';

const SOLE_SERVICE = /^\{service:([a-z0-9-]+)\}$/;

/**
 * Turns text with placeholders into nodes. `ctx.services` maps id → service; `ctx.links` maps
 * page id → title; `ctx.go(id)` opens a page.
 */
function rich(text, ctx) {
  const out = [];
  const pattern = /\{(service|page):([a-z0-9-]+)\}/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const [, kind, id] = match;
    if (kind === 'service') {
      const service = ctx.services.get(id);
      const how = service ? shortContact(service) : [];
      out.push(el('span', { class: 'service-ref', 'data-service-id': id },
        el('strong', { translate: 'no' }, service ? service.name : id),
        ...(how.length ? [' (', ...how, ')'] : [])));
    } else {
      out.push(pageLink(id, ctx.links.get(id) ?? id, ctx));
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function pageLink(id, title, ctx) {
  const link = el('button', { type: 'button', class: 'link-button page-link', 'data-page': id }, title);
  link.addEventListener('click', () => ctx.go(id));
  return link;
}

function checklist(items, ctx) {
  const list = el('ul', { class: 'checklist' });
  for (const item of items) {
    const box = el('input', { type: 'checkbox', id: `tick-${item.id}`, 'data-tick': item.id });
    box.checked = ctx.ticked.has(item.id);
    box.addEventListener('change', () => ctx.tick(item.id, box.checked));
    const extras = [];
    if (item.page) extras.push(el('span', { class: 'more' }, ...tNodes('checklist.more', { page: pageLink(item.page, ctx.links.get(item.page) ?? item.page, ctx) })));
    if (item.id === 'capture-evidence') {
      const go = el('button', { type: 'button', class: 'small', id: 'go-evidence' }, t('checklist.capture'));
      go.addEventListener('click', () => ctx.goEvidence());
      extras.push(go);
    }
    list.append(el('li', {}, box, el('label', { for: `tick-${item.id}` }, ...rich(item.text, ctx)), ...extras));
  }
  return list;
}

/** Where the checklist's ticks are kept, in words. */
export function keptNote(kept) {
  return kept === 'vault' ? t('checklist.kept-vault') : t('checklist.kept-session');
}

function section(s, ctx, shownCards) {
  const parts = [];
  if (s.heading) {
    parts.push(el('h2', {}, ...rich(s.heading, ctx)));
    ctx.level = 2;
  }
  for (const paragraph of s.paragraphs) {
    const sole = SOLE_SERVICE.exec(paragraph);
    const service = sole && ctx.services.get(sole[1]);
    if (service) {
      shownCards.add(service.id);
      parts.push(serviceCard(service, ctx.emergency, `h${ctx.level + 1}`));
    } else {
      parts.push(el('p', {}, ...rich(paragraph, ctx)));
    }
  }
  if (s.steps.length) parts.push(el('ol', { class: 'steps' }, ...s.steps.map((step) => el('li', {}, ...rich(step, ctx)))));
  if (s.checklist.length) {
    parts.push(checklist(s.checklist, ctx));
    parts.push(el('p', { class: 'hint', id: 'checklist-kept' }, keptNote(ctx.kept)));
  }
  return el('section', { class: 'advice-section', 'data-country': s.country }, ...parts);
}

/**
 * The whole page. `reply` is the core's `guide_page` answer; `ctx` carries the ticks, where they
 * are kept, and the actions (`go`, `goEvidence`, `tick`).
 */
export function renderPage(reply, ctx) {
  const { page, services, emergency } = reply;
  const full = {
    ...ctx,
    emergency,
    services: new Map(services.map((s) => [s.id, s])),
    links: new Map(page.links.map((l) => [l.id, l.title])),
    // The level of the heading the next card sits under: the page's h1 until a section has an h2.
    level: 1,
  };
  const shownCards = new Set();
  const body = page.sections.map((s) => section(s, full, shownCards));
  const rest = services.filter((s) => !shownCards.has(s.id));
  const nodes = [
    el('h1', { id: 'page-heading', tabindex: '-1' }, page.title),
    el('p', { class: 'lead' }, page.summary),
  ];
  if (page.stale) {
    nodes.push(el('p', { class: 'stale', role: 'note' },
      ...tNodes('page.stale', { date: longDate(page.checked), emergency: emergencyNumber(emergency) })));
  }
  nodes.push(...body);
  if (rest.length) {
    nodes.push(el('section', { class: 'page-services', 'aria-labelledby': 'page-services-heading' },
      el('h2', { id: 'page-services-heading' }, t('help.heading')),
      el('p', { class: 'leaves-note' }, t('link.leaves')),
      ...rest.map((s) => serviceCard(s, emergency))));
  }
  if (page.sources.length) {
    nodes.push(el('section', { class: 'sources', 'aria-labelledby': 'sources-heading' },
      el('h2', { id: 'sources-heading' }, t('page.sources')),
      el('ul', {}, ...page.sources.map((url) => el('li', {}, linkRow(url),
        page.secondary_sources.includes(url) ? el('p', { class: 'hint secondary-source' }, t('page.secondary-source')) : null))),
      el('p', { class: 'hint' }, t('page.checked', { date: longDate(page.checked) }))));
  }
  return el('article', { class: 'guide-page', 'data-page-id': page.id }, ...nodes);
}
