/** The staff session cookie: Secure, HttpOnly, SameSite=Strict, for the whole site. */
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'miaopi_staff';

export function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; Secure; HttpOnly; SameSite=Strict`;
}

export function clearedSessionCookie(): string {
  return sessionCookie('', 0);
}

/** The session cookie's value, if the request carries one. */
export function sessionCookieOf(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || undefined;
  }
  return undefined;
}
