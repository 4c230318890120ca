/**
 * What the kiosk window may do: show our own pages and use the camera, nothing else.
 * No navigation away, no new windows, no webviews, no other permission, for any origin.
 */
import type { Session, WebContents } from 'electron';
import { isSameOrigin } from './origin';

/**
 * Devtools exist only on a developer's unpackaged run that asks for them
 * (KIOSK_DEVTOOLS=1); a packaged kiosk never has them, whatever its environment says.
 */
export function devToolsAllowed(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !isPackaged && env.KIOSK_DEVTOOLS === '1';
}

export function isAppUrl(url: string, appOrigin: string): boolean {
  return isSameOrigin(url, appOrigin);
}

export function lockNavigation(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Belt and braces for devTools: false: should devtools open anyway, close them at once. */
export function forbidDevTools(contents: Pick<WebContents, 'on' | 'closeDevTools'>): void {
  contents.on('devtools-opened', () => contents.closeDevTools());
}

/** The camera, for our own origin only; every other permission request is refused. */
export function isPermissionAllowed(permission: string, requestingOrigin: string, appOrigin: string, mediaTypes: readonly string[] = []): boolean {
  if (!isAppUrl(requestingOrigin, appOrigin)) return false;
  if (permission !== 'media') return false;
  return mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

export function restrictPermissions(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), appOrigin, mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? details.mediaType : undefined;
    return isPermissionAllowed(permission, requestingOrigin, appOrigin, mediaType ? [mediaType] : []);
  });
}
