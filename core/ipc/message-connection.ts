/**
 * Serves the contract over a text channel (a WebSocket or an in-memory pair): parses
 * each frame defensively, answers calls, forwards events, and lets go of everything
 * when the channel closes.
 */
import { WireCall, type MessagePortLike, type WireToRenderer } from '../contract';
import type { ContractServer } from './contract-server';

const MAX_FRAME_CHARS = 64 * 1024;

export function serveMessageConnection(server: ContractServer, port: MessagePortLike, peer: string): void {
  const send = (message: WireToRenderer) => port.send(JSON.stringify(message));
  const unsubscribe = server.subscribe((name, payload) => send({ kind: 'event', name, payload }));
  port.onClose(unsubscribe);

  port.onMessage((text) => {
    const call = parseCall(text);
    if (!call) {
      // A frame we cannot pair with a call: say so and keep the connection.
      send({ kind: 'result', id: -1, ok: false, error: { code: 'bad-request', message: 'malformed frame' } });
      return;
    }
    void server.call(call.method, call.params, { peer }).then((outcome) => send({ kind: 'result', id: call.id, ...outcome }));
  });
}

function parseCall(text: string): WireCall | undefined {
  if (text.length > MAX_FRAME_CHARS) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = WireCall.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
