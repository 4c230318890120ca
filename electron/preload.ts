/**
 * The renderer's only door into the app: `window.kiosk`, a KioskBridge whose calls and
 * events are checked against the contract's allow-lists before anything reaches main.
 * Runs sandboxed, so it is bundled with everything it needs except electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName, isMethodName } from '../core/contract/names';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';

type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

contextBridge.exposeInMainWorld('kiosk', {
  async call(method: unknown, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) throw new Error(`method not allowed: ${String(method)}`);
    const outcome = (await ipcRenderer.invoke(IPC_CALL, method, params)) as Outcome;
    if (outcome.ok) return outcome.value;
    const error = new Error(outcome.error.message);
    error.name = outcome.error.code;
    throw error;
  },
  on(event: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event) || typeof listener !== 'function') throw new Error(`event not allowed: ${String(event)}`);
    const relay = (_: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, relay);
    return () => ipcRenderer.removeListener(IPC_EVENT, relay);
  },
});
