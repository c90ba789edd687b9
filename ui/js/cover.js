// Covering parts of a picture before it is kept: the person draws black boxes over what must
// not be stored (for example an intimate image inside a chat). The boxes are sent to the core,
// which blacks them out and stores only the covered picture. Works with a mouse (drag) or the
// keyboard (add a box, then arrows move it and Shift+arrows resize it).

import { el } from './dom.js';
import { t } from './i18n.js';

/** Builds the editor for the picture at `url`; `boxes()` gives them in the picture's pixels. */
export function coverEditor(url, alt) {
  const canvas = el('canvas', { id: 'cover-canvas', class: 'cover-canvas', tabindex: '0', role: 'img',
    'aria-label': alt, 'aria-describedby': 'cover-keys' });
  const count = el('p', { id: 'cover-count', 'aria-live': 'polite' });
  const add = el('button', { type: 'button', class: 'quiet', id: 'cover-add' }, t('cover.add'));
  const undo = el('button', { type: 'button', class: 'quiet', id: 'cover-undo' }, t('cover.undo'));
  const boxes = [];
  const image = new Image();
  let scale = 1;

  const draw = () => {
    const g = canvas.getContext('2d');
    if (!image.naturalWidth) return;
    g.drawImage(image, 0, 0, canvas.width, canvas.height);
    g.fillStyle = '#000';
    boxes.forEach((b, i) => {
      g.fillRect(b.x * scale, b.y * scale, b.width * scale, b.height * scale);
      if (i === boxes.length - 1 && document.activeElement === canvas) {
        g.strokeStyle = '#ffbf47';
        g.lineWidth = 3;
        g.strokeRect(b.x * scale, b.y * scale, b.width * scale, b.height * scale);
      }
    });
    count.textContent = t('cover.count', { count: String(boxes.length) });
    undo.disabled = boxes.length === 0;
  };
  image.addEventListener('load', () => {
    scale = Math.min(1, 960 / image.naturalWidth);
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    draw();
  });
  image.src = url;

  const clamp = (b) => {
    const w = image.naturalWidth;
    const h = image.naturalHeight;
    b.width = Math.max(4, Math.min(b.width, w));
    b.height = Math.max(4, Math.min(b.height, h));
    b.x = Math.max(0, Math.min(b.x, w - b.width));
    b.y = Math.max(0, Math.min(b.y, h - b.height));
  };
  add.addEventListener('click', () => {
    const w = Math.round(image.naturalWidth / 4);
    const h = Math.round(image.naturalHeight / 4);
    boxes.push({ x: Math.round((image.naturalWidth - w) / 2), y: Math.round((image.naturalHeight - h) / 2), width: w, height: h });
    canvas.focus();
    draw();
  });
  undo.addEventListener('click', () => {
    boxes.pop();
    draw();
  });
  canvas.addEventListener('keydown', (event) => {
    const box = boxes[boxes.length - 1];
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (!box || !moves[event.key]) return;
    event.preventDefault();
    const step = Math.max(1, Math.round(Math.max(image.naturalWidth, image.naturalHeight) / 50));
    const [dx, dy] = moves[event.key];
    if (event.shiftKey) {
      box.width += dx * step;
      box.height += dy * step;
    } else {
      box.x += dx * step;
      box.y += dy * step;
    }
    clamp(box);
    draw();
  });
  canvas.addEventListener('focus', draw);
  canvas.addEventListener('blur', draw);

  let start = null;
  const at = (event) => {
    const r = canvas.getBoundingClientRect();
    return { x: (event.clientX - r.left) * (canvas.width / r.width) / scale, y: (event.clientY - r.top) * (canvas.height / r.height) / scale };
  };
  canvas.addEventListener('pointerdown', (event) => {
    start = at(event);
    canvas.setPointerCapture(event.pointerId);
    boxes.push({ x: Math.round(start.x), y: Math.round(start.y), width: 4, height: 4 });
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!start) return;
    const now = at(event);
    const box = boxes[boxes.length - 1];
    box.x = Math.round(Math.min(start.x, now.x));
    box.y = Math.round(Math.min(start.y, now.y));
    box.width = Math.round(Math.abs(now.x - start.x));
    box.height = Math.round(Math.abs(now.y - start.y));
    draw();
  });
  canvas.addEventListener('pointerup', () => {
    if (start) clamp(boxes[boxes.length - 1]);
    start = null;
    draw();
  });

  const node = el('div', { class: 'cover-editor' },
    el('p', { class: 'hint', id: 'cover-keys' }, t('cover.how')),
    canvas, el('p', { class: 'actions' }, add, undo), count);
  return { node, boxes: () => boxes.map((b) => ({ ...b })) };
}
