/**
 * Main-process end of the contract: every message's sender is checked (our window,
 * our origin, the top frame) before the call reaches the core's edge.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ContractServer } from '../core/ipc/contract-server';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { isSameOrigin } from './origin';

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trusted: WebContents, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (event.sender !== trusted || !frame || frame.parent !== null) return false;
  return isSameOrigin(frame.url, appOrigin);
}

export function bridgeContractToWindow(ipcMain: IpcMain, server: ContractServer, contents: WebContents, appOrigin: string): () => void {
  ipcMain.handle(IPC_CALL, (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event, contents, appOrigin)) {
      return { ok: false, error: { code: 'bad-request', message: 'sender not allowed' } };
    }
    return server.call(method, params, { peer: 'electron-renderer' });
  });
  const unsubscribe = server.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    unsubscribe();
  };
}
