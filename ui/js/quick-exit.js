// Quick exit: one click, or Shift pressed three times, hides everything behind a neutral
// "Notes" screen at once, then asks the shell to retitle and minimise the window.

import * as api from './api.js';

const PRESSES = 3;
const WINDOW_MS = 1500;

export function setupQuickExit({ button, app, cover, coverHeading, backButton, neutralTitle, title, onExit, onBack }) {
  let presses = [];
  // The shell's answer to the last quick exit: the page is redrawn only after it, so the vault
  // already reads as locked then.
  let exited = Promise.resolve();

  function exit() {
    app.hidden = true;
    app.setAttribute('aria-hidden', 'true');
    cover.hidden = false;
    document.title = neutralTitle();
    coverHeading.focus();
    // Evidence on screen (a capture preview, a recovery key, the report summary) goes at once.
    onExit();
    // Hiding the content above must not wait for this; a failure here changes nothing visible.
    exited = api.quickExit().catch(() => {});
  }

  function back() {
    cover.hidden = true;
    app.hidden = false;
    app.removeAttribute('aria-hidden');
    document.title = title();
    api.leaveQuickExit().catch(() => {});
    button.focus();
    exited.then(onBack);
  }

  button.addEventListener('click', exit);
  backButton.addEventListener('click', back);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      presses = [];
      return;
    }
    if (event.repeat) return;
    const now = performance.now();
    presses = presses.filter((t) => now - t < WINDOW_MS);
    presses.push(now);
    if (presses.length >= PRESSES) {
      presses = [];
      if (cover.hidden) exit();
    }
  });
}
