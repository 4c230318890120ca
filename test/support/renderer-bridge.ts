/**
 * The renderer's side of the contract over the in-memory transport: what a page would
 * hold, wired to a core's contract server, for contract tests without a browser.
 */
import { createInMemoryPair } from '../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../core/ipc/message-connection';
import type { ContractServer } from '../../core/ipc/contract-server';
import { createMessageBridge, type MessageBridge } from '../../renderer/src/bridge/message-bridge';

export interface RendererBridge {
  bridge: MessageBridge;
  /** Hangs up the renderer's end, as a closed page would. */
  close(): void;
}

export function connectRenderer(server: ContractServer, callTimeoutMs = 2000): RendererBridge {
  const [renderer, coreEnd] = createInMemoryPair();
  serveMessageConnection(server, coreEnd, 'test');
  return { bridge: createMessageBridge(renderer, callTimeoutMs), close: () => renderer.close() };
}
