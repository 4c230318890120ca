/**
 * Message framing for transports that carry text (WebSocket, in-memory pairs).
 * Electron IPC does not need it: ipcMain.handle already pairs calls with results.
 */
import { z } from 'zod';

export const WireCall = z.object({
  kind: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});

export type WireCall = z.output<typeof WireCall>;

export type WireResult =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: { code: string; message: string } };

export interface WireEvent {
  kind: 'event';
  name: string;
  payload: unknown;
}

export type WireToRenderer = WireResult | WireEvent;

/** A bidirectional text channel: a WebSocket, or one end of an in-memory pair. */
export interface MessagePortLike {
  send(text: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}
