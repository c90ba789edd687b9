// The one door to the Rust side. Every call resolves to a value or rejects with an
// IpcError carrying the documented `code` and a message written for the person.

export class IpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Calls a Holdfast command. */
export async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) {
    throw new IpcError('no_ipc', 'Holdfast could not reach its own engine. Please close it and open it again.');
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === 'object' && typeof error.code === 'string') {
      throw new IpcError(error.code, String(error.message ?? ''));
    }
    throw new IpcError('unexpected', `Something went wrong inside Holdfast: ${String(error)}`);
  }
}
