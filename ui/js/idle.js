// Auto-lock: after a time without a key press, click or touch, the vault is locked and the
// evidence taken off the screen. The delay is a setting (a test may shorten it).

let seconds = 0;
let last = Date.now();
let onIdle = () => {};

/** Starts watching; `lock()` is called once the delay passes with no activity. */
export function setupAutoLock(delaySeconds, lock) {
  seconds = delaySeconds;
  onIdle = lock;
  const touch = () => { last = Date.now(); };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
  setInterval(() => {
    if (seconds > 0 && Date.now() - last >= seconds * 1000) {
      last = Date.now();
      onIdle();
    }
  }, 1000);
}

/** Changes the delay (0: never). */
export function setAutoLockDelay(delaySeconds) {
  seconds = delaySeconds;
  restartIdle();
}

/**
 * Counts the idle time from now: the person has just unlocked or locked. An unlock can take
 * longer than the delay on a slow computer, and must not be followed by a lock at once.
 */
export function restartIdle() {
  last = Date.now();
}
