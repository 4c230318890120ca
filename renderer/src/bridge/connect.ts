/**
 * Picks the transport: Electron's preload puts `window.kiosk` in place; a page served
 * by the browser host finds its launch token in the URL fragment instead.
 */
import type { KioskBridge } from '../contract';
import { createMessageBridge } from './message-bridge';
import { openWebSocketPort } from './websocket-port';

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

export interface Connection {
  bridge: KioskBridge;
  onDisconnect(listener: () => void): void;
}

export class NoKioskHostError extends Error {}

export async function connectToKiosk(): Promise<Connection> {
  if (window.kiosk) return { bridge: window.kiosk, onDisconnect: () => undefined };
  const token = launchToken();
  if (!token) throw new NoKioskHostError('no launch token');
  const wsUrl = `ws://${window.location.host}/kiosk?token=${encodeURIComponent(token)}`;
  const bridge = createMessageBridge(await openWebSocketPort(wsUrl));
  return { bridge, onDisconnect: (listener) => bridge.onDisconnect(listener) };
}

const TOKEN_KEY = 'kiosk.launchToken';

/** Read once from the fragment, then kept for this tab only so a reload still connects. */
function launchToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar and the history.
    history.replaceState(null, '', window.location.pathname);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
