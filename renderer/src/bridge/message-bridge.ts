/**
 * A KioskBridge over any text channel: numbers each call, pairs results with their
 * calls, hands pushed events to listeners. Used over a WebSocket in the browser and
 * over an in-memory pair in contract tests.
 */
import type { EventName, EventPayload, KioskBridge, MessagePortLike, MethodName, Params, Result, WireCall, WireToRenderer } from '../contract';
import { KioskCallError } from './call-error';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface MessageBridge extends KioskBridge {
  /** Notified once when the channel closes; pending calls fail with 'disconnected'. */
  onDisconnect(listener: () => void): void;
}

export function createMessageBridge(port: MessagePortLike, callTimeoutMs = 15_000): MessageBridge {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners: Array<() => void> = [];

  port.onMessage((text) => {
    let message: WireToRenderer;
    try {
      message = JSON.parse(text) as WireToRenderer;
    } catch {
      return;
    }
    if (message.kind === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.value);
    else call.reject(new KioskCallError(message.error.code as KioskCallError['code'], message.error.message));
  });

  port.onClose(() => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new KioskCallError('disconnected', 'connection to the kiosk core closed'));
      pending.delete(id);
    }
    for (const listener of disconnectListeners) listener();
  });

  return {
    call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const id = nextId++;
      const message: WireCall = { kind: 'call', id, method, params };
      return new Promise<Result<M>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new KioskCallError('timeout', `${method} got no answer in ${callTimeoutMs} ms`));
        }, callTimeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        port.send(JSON.stringify(message));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    onDisconnect(listener) {
      disconnectListeners.push(listener);
    },
  };
}
