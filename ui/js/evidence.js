// The evidence screen: create, unlock or restore a vault, then the workspace.

import * as api from './api.js';
import { createForm, recoveryKeyStep, unlockForm } from './vault-gate.js';
import { forgetWorkspace, renderWorkspace } from './workspace.js';
import { fill } from './dom.js';

/**
 * Renders the screen for the vault's state. `ctx.age()` gives the age chosen (a vault for someone
 * under 18 refuses intimate images); `ctx.changed()` is called after an unlock or lock;
 * `ctx.captureNow` starts a capture at once when the vault is unlocked; `ctx.goRemoval()` opens
 * the page on getting pictures taken down.
 */
export async function renderEvidence(body, ctx) {
  forgetWorkspace();
  const status = await api.vaultStatus();
  if (status.unlocked) {
    await renderWorkspace(body, ctx);
  } else if (status.exists) {
    fill(body, unlockForm(status, ctx.changed));
  } else {
    fill(body, createForm(status, ctx, (key) => recoveryKeyStep(body, key, () => ctx.changed())));
  }
}
