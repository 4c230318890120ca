/**
 * The kiosk's side of the centre protocol: signed JSON requests, answers checked with
 * the shared schemas (what the centre sends is checked, not believed). Two ways to
 * fail, kept apart because the kiosk acts differently on each: the centre could not be
 * reached (CentreUnavailableError: the offline policy applies) or it refused
 * (CentreRefusedError: a definite no, with its reason in both languages).
 */
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  CENTRE_PATHS,
  EnrolAnswer,
  FactsAnswer,
  IssueAnswer,
  PingAnswer,
  Refusal,
  type EnrolRequest,
  type FactsRequest,
  type IssueRequest,
} from '../../protocol/centre';
import { CommandReportAnswer, FLEET_PATHS, HeartbeatAnswer, type CommandReportRequest, type HeartbeatRequest } from '../../protocol/centre-fleet';
import { signRequest } from '../../protocol/request-signing';

const DEFAULT_TIMEOUT_MS = 5000;

export class CentreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CentreUnavailableError';
  }
}

export class CentreRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`${refusal.error}: ${refusal.message.en}`);
    this.name = 'CentreRefusedError';
  }
}

export interface CentreClientOptions {
  url: string;
  kioskId: string;
  privateKey: KeyObject;
  timeoutMs?: number;
}

export class CentreClient {
  constructor(private readonly options: CentreClientOptions) {}

  facts(request: FactsRequest): Promise<FactsAnswer> {
    return this.post(CENTRE_PATHS.facts, request, FactsAnswer);
  }

  issue(request: IssueRequest): Promise<IssueAnswer> {
    return this.post(CENTRE_PATHS.issue, request, IssueAnswer);
  }

  /** The fleet heartbeat; the answer carries the remote commands waiting for this kiosk. */
  heartbeat(request: HeartbeatRequest): Promise<HeartbeatAnswer> {
    return this.post(FLEET_PATHS.heartbeat, request, HeartbeatAnswer);
  }

  reportCommands(request: CommandReportRequest): Promise<CommandReportAnswer> {
    return this.post(FLEET_PATHS.commandReport, request, CommandReportAnswer);
  }

  ping(): Promise<z.infer<typeof PingAnswer>> {
    return this.post(CENTRE_PATHS.ping, {}, PingAnswer);
  }

  /** Registers the kiosk's public key with a one-time code; the request is signed with that key. */
  static enrol(options: CentreClientOptions & { code: string; publicKey: KeyObject }): Promise<EnrolAnswer> {
    const body: EnrolRequest = { kioskId: options.kioskId, code: options.code, publicKey: options.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
    return new CentreClient(options).post(CENTRE_PATHS.enrol, body, EnrolAnswer);
  }

  private async post<S extends z.ZodType>(path: string, payload: unknown, schema: S): Promise<z.infer<S>> {
    const body = JSON.stringify(payload);
    const headers = signRequest(this.options.privateKey, { method: 'POST', path, body, kioskId: this.options.kioskId });
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.url), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CentreUnavailableError(`the centre at ${this.options.url} cannot be reached: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.status >= 500) throw new CentreUnavailableError(`the centre answered ${response.status}`);
    if (!response.ok) {
      const refusal = Refusal.safeParse(json);
      throw refusal.success ? new CentreRefusedError(refusal.data) : new CentreUnavailableError(`the centre answered ${response.status} without a reason`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CentreUnavailableError(`the centre's answer to ${path} is malformed: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}
