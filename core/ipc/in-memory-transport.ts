/**
 * Two connected ends of a text channel in one process, for contract tests that need
 * neither a socket nor Electron. Delivery is asynchronous, like a real transport.
 */
import type { MessagePortLike } from '../contract';

export function createInMemoryPair(): [MessagePortLike, MessagePortLike] {
  const a = new InMemoryPort();
  const b = new InMemoryPort();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class InMemoryPort implements MessagePortLike {
  peer: InMemoryPort | undefined;
  private readonly messageListeners: Array<(text: string) => void> = [];
  private readonly closeListeners: Array<() => void> = [];
  private closed = false;

  send(text: string): void {
    const peer = this.peer;
    if (this.closed || !peer) return;
    queueMicrotask(() => peer.deliver(text));
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener();
    this.peer?.close();
  }

  private deliver(text: string): void {
    if (this.closed) return;
    for (const listener of this.messageListeners) listener(text);
  }
}
