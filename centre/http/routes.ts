/**
 * How the centre's HTTP surface is put together: each area (the kiosk API, the staff
 * pages, the public licence check…) is a module that returns its routes, and the server
 * only matches method and path. A handler returns the JSON to answer with 200, or
 * `ANSWERED` when it wrote the response itself (a page, a stream, a file).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const ANSWERED = Symbol('answered');

export interface RouteContext {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  /** Groups of a RegExp path, else empty. */
  params: readonly string[];
  /** The request body (bounded), read on first call. */
  body(): Promise<string>;
}

export interface CentreRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An exact path, or a pattern whose groups become `params`. */
  path: string | RegExp;
  handle(context: RouteContext): Promise<unknown>;
}

export function matchRoute(routes: readonly CentreRoute[], method: string, path: string): { route: CentreRoute; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, params: [] };
      continue;
    }
    const match = route.path.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return undefined;
}
