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
  DeregisterAnswer,
  EnrolAnswer,
  FactsAnswer,
  IssueAnswer,
  PingAnswer,
  Refusal,
  type DeregisterRequest,
  type EnrolRequest,
  type FactsRequest,
  type IssueRequest,
} from '../../protocol/centre';
import { SYNC_PATHS, SealingKeyAnswer, SyncAnswer, type SyncRequest } from '../../protocol/centre-sync';
import {
  AddressDeltaPullAnswer,
  CreditCodeLeaseAnswer,
  DOWNSTREAM_PATHS,
  RestrictedListPullAnswer,
  RuleSetPullAnswer,
  type CreditCodeLeaseRequest,
  type PublishedFile,
  type RuleSetPullRequest,
} from '../../protocol/centre-downstream';
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
  /** The kiosk's clock (ms since the epoch); tests give one that is off. */
  now?: () => number;
}

export class CentreClient {
  /** How far the centre's clock is ahead of the kiosk's, learnt from a clock-skew refusal. */
  private clockOffsetMs = 0;

  constructor(private readonly options: CentreClientOptions) {}

  /** The time by the centre's clock, as far as the kiosk knows it. */
  centreNow(): number {
    return (this.options.now ?? Date.now)() + this.clockOffsetMs;
  }

  facts(request: FactsRequest): Promise<FactsAnswer> {
    return this.post(CENTRE_PATHS.facts, request, FactsAnswer);
  }

  issue(request: IssueRequest): Promise<IssueAnswer> {
    return this.post(CENTRE_PATHS.issue, request, IssueAnswer);
  }

  /** Pushes a batch of outbox records; the answer's watermark says up to which sequence the centre holds them. */
  sync(request: SyncRequest): Promise<SyncAnswer> {
    return this.post(SYNC_PATHS.sync, request, SyncAnswer);
  }

  /** The centre's public key that personal data in the outbox is sealed to. */
  sealingKey(): Promise<SealingKeyAnswer> {
    return this.post(SYNC_PATHS.sealingKey, {}, SealingKeyAnswer);
  }

  deregister(request: DeregisterRequest): Promise<DeregisterAnswer> {
    return this.post(CENTRE_PATHS.deregister, request, DeregisterAnswer);
  }

  leaseCreditCodes(request: CreditCodeLeaseRequest): Promise<CreditCodeLeaseAnswer> {
    return this.post(DOWNSTREAM_PATHS.creditCodeLeases, request, CreditCodeLeaseAnswer);
  }

  /** The newest rule set of the service after sequence `have`, or null. */
  async pullRuleSet(service: RuleSetPullRequest['service'], have: number): Promise<PublishedFile | null> {
    return (await this.post(DOWNSTREAM_PATHS.ruleSet, { service, have }, RuleSetPullAnswer)).update;
  }

  /** The address delta after sequence `have`, or null. */
  async pullAddressDelta(have: number): Promise<PublishedFile | null> {
    return (await this.post(DOWNSTREAM_PATHS.addressDelta, { have }, AddressDeltaPullAnswer)).update;
  }

  async pullRestrictedList(have: number): Promise<RestrictedListPullAnswer['update']> {
    return (await this.post(DOWNSTREAM_PATHS.restrictedList, { have }, RestrictedListPullAnswer)).update;
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

  /**
   * A request refused for clock skew is signed again, once, by the centre's clock as
   * the refusal told it (the kiosk keeps that correction for later requests). The
   * refused request did nothing at the centre (the time is checked before the nonce
   * or the body), so sending it again cannot do anything twice.
   */
  private async post<S extends z.ZodType>(path: string, payload: unknown, schema: S): Promise<z.infer<S>> {
    const body = JSON.stringify(payload);
    let answer = await this.send(path, body);
    const serverTime = answer.refusal?.error === 'clock-skew' ? Date.parse(answer.refusal.serverTime ?? '') : NaN;
    if (Number.isFinite(serverTime)) {
      // The centre read its clock about halfway through the exchange.
      this.clockOffsetMs = serverTime - (answer.sentAt + answer.receivedAt) / 2;
      answer = await this.send(path, body);
    }
    if (answer.status >= 500) throw new CentreUnavailableError(`the centre answered ${answer.status}`);
    if (answer.status < 200 || answer.status > 299) {
      throw answer.refusal ? new CentreRefusedError(answer.refusal) : new CentreUnavailableError(`the centre answered ${answer.status} without a reason`);
    }
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) throw new CentreUnavailableError(`the centre's answer to ${path} is malformed: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  private async send(path: string, body: string): Promise<{ status: number; json: unknown; refusal: Refusal | null; sentAt: number; receivedAt: number }> {
    const clock = this.options.now ?? Date.now;
    const sentAt = clock();
    const headers = signRequest(this.options.privateKey, { method: 'POST', path, body, kioskId: this.options.kioskId }, Math.round(sentAt + this.clockOffsetMs));
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
    const refusal = response.ok ? null : Refusal.safeParse(json);
    return { status: response.status, json, refusal: refusal?.success ? refusal.data : null, sentAt, receivedAt: clock() };
  }
}
