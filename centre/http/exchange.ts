/** Reading a request body (bounded) and answering JSON: the little the centre needs of HTTP. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { RefusedError, refusalOf, type RefusalCode } from './refusals';

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(new RefusedError('too-large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new RefusedError('bad-request', 'the body is not JSON');
  }
}

export function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

export function refuse(response: ServerResponse, code: RefusalCode): void {
  const { status, body } = refusalOf(code);
  answer(response, status, body);
}

/** The body as JSON, checked against the schema; a mismatch is a 400 naming the fields. */
export function parseBody<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  return checked(schema, parseJson(text), '(body)');
}

function checked<S extends z.ZodType>(schema: S, value: unknown, whole: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RefusedError('bad-request', parsed.error.issues.map((i) => `${i.path.join('.') || whole}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The URL's query parameters as an object, checked; a mismatch is a 400 naming the fields. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  return checked(schema, Object.fromEntries(url.searchParams), '(query)');
}
