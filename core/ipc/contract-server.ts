/**
 * The core's edge: every call from any transport comes through here, is checked
 * against the contract, and only then reaches a handler. Events fan out to every
 * subscribed connection.
 */
import type { z } from 'zod';
import {
  contract,
  isMethodName,
  type CallOutcome,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  type Result,
} from '../contract';

export interface CallContext {
  /** Which transport and peer the call came from, for the audit log. */
  readonly peer: string;
}

export type KioskHandlers = {
  [M in MethodName]: (params: Params<M>, ctx: CallContext) => Promise<Result<M>> | Result<M>;
};

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ContractServerOptions {
  /** Called when a handler throws: the renderer only learns that something failed. */
  onInternalError?: (method: MethodName, error: unknown) => void;
}

export class ContractServer {
  private readonly listeners = new Set<EventListener>();

  constructor(
    private readonly handlers: KioskHandlers,
    private readonly options: ContractServerOptions = {},
  ) {}

  async call(method: unknown, params: unknown, ctx: CallContext): Promise<CallOutcome> {
    if (!isMethodName(method)) {
      return failure('unknown-method', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    const spec = contract.methods[method];
    const parsed = (spec.params as z.ZodType).safeParse(params ?? {});
    if (!parsed.success) {
      return failure('bad-request', `${method}: ${describeIssues(parsed.error.issues)}`);
    }
    try {
      const handler = this.handlers[method] as (p: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (error) {
      this.options.onInternalError?.(method, error);
      return failure('internal', `${method} failed`);
    }
  }

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function failure(code: 'unknown-method' | 'bad-request' | 'internal', message: string): CallOutcome {
  return { ok: false, error: { code, message } };
}

/** "field: message" for each issue, short enough for a log line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}
