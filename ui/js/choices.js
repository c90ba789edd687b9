// The lists the core decides and sends at start (guide_start): the kinds the timeline can be
// narrowed to, the payment methods and the auto-lock delays. The page copies none of them.

let choices = { kinds: [], methods: [], autoLock: [] };

/** Keeps the lists from the start reply. */
export function setChoices(start) {
  choices = { kinds: start.kinds, methods: start.methods, autoLock: start.auto_lock_choices };
}

/** The kinds the timeline can be narrowed to (`screenshot`, …, `demand`, `payment`). */
export const kinds = () => choices.kinds;

/** The payment methods, as stored (`bank-transfer`, …). */
export const methods = () => choices.methods;

/** The auto-lock delays, in minutes (0: never). */
export const autoLockChoices = () => choices.autoLock;
