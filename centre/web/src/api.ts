/**
 * Calls to the centre's API from a page. Every change carries the session's CSRF
 * token (the centre refuses one without it); a 401 sends the browser to the login.
 */
import { CSRF_HEADER, type StaffMe } from '../../../protocol/centre-staff';
import type { Text } from './i18n';

/** A refusal from the centre, with its sentence in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text,
  ) {
    super(`${status} ${code}`);
  }
}

let csrfToken: string | undefined;

/** Set once the staff member is known (the shell does it). */
export function setApiSession(me: StaffMe | null): void {
  csrfToken = me?.csrfToken;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const answer = (await response.json().catch(() => null)) as { error?: string; message?: Text } | null;
  if (!response.ok) {
    throw new ApiError(response.status, answer?.error ?? 'unknown', answer?.message ?? { 'zh-CN': `请求失败（${response.status}）`, en: `The request failed (${response.status})` });
  }
  return answer as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown = {}) => call<T>('PUT', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
};

/** Where the login sends the browser back to afterwards. */
export function loginUrl(next = location.pathname + location.search): string {
  return `/login?next=${encodeURIComponent(next)}`;
}
