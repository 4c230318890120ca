/**
 * Which keys reach the kiosk page. An allow-list, not a deny-list: plain typing and
 * the usual editing chords pass, every other chord with Ctrl, Alt or Meta and every
 * function key is swallowed before Chromium acts on it (reload, close, devtools,
 * print, history, fullscreen...). The one exception is the technicians' chord,
 * Ctrl+Alt+M, which the renderer turns into the maintenance PIN screen.
 */
import type { Input, WebContents } from 'electron';

export type KeyInput = Pick<Input, 'type' | 'key' | 'code' | 'control' | 'alt' | 'meta' | 'shift'>;

/** The technicians' key chord: passed through to the renderer, never acted on here. */
export const MAINTENANCE_CHORD = { control: true, alt: true, code: 'KeyM' } as const;

// Ctrl+A/C/V/X/Z/Y edit text in a form field; none of them leaves the page.
const EDITING_CODES = new Set(['KeyA', 'KeyC', 'KeyV', 'KeyX', 'KeyZ', 'KeyY']);

// Keys that act on the browser rather than the page, even without a modifier.
const BROWSER_KEYS = new Set([
  'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'BrowserFavorites', 'BrowserStop',
  'ContextMenu', 'Help', 'Print', 'PrintScreen', 'LaunchApp1', 'LaunchApp2', 'LaunchMail', 'Close', 'New', 'Open', 'Save',
]);

export function isMaintenanceChord(input: KeyInput): boolean {
  return input.control && input.alt && !input.meta && !input.shift && input.code === MAINTENANCE_CHORD.code;
}

/** True when the key press must not reach Chromium or the page. */
export function isBlockedKey(input: KeyInput): boolean {
  if (isMaintenanceChord(input)) return false;
  if (/^F\d{1,2}$/.test(input.key) || /^F\d{1,2}$/.test(input.code)) return true;
  if (BROWSER_KEYS.has(input.key) || BROWSER_KEYS.has(input.code)) return true;
  if (input.meta || input.alt) return true;
  if (input.control) return input.shift ? input.code !== 'KeyZ' : !EDITING_CODES.has(input.code);
  return false;
}

export function lockKeyboard(contents: Pick<WebContents, 'on'>): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedKey(input)) event.preventDefault();
  });
}
