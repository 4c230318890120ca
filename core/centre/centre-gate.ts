/**
 * The journey's way through the centre: the cross-kiosk facts before a decision, and
 * the approval confirmed to the centre in the step that records it, with the offline
 * policy (centre.offline) when the centre cannot be reached:
 *
 * - online: the credit code is reserved and the confirmation owed is written first
 *   (centre-confirmations.ts), then /v1/issue or /v1/deregister is asked; only a
 *   confirmed approval is recorded in the registry and printed. A refusal is recorded
 *   as a rejection with the centre's reason. Both calls are idempotent by
 *   applicationId, so a retry after a crash or a lost reply finds the same answer.
 * - `refer`: the applicant goes to the counter with that reason.
 * - `provisional`: the approval on the kiosk's own facts is recorded and printed, and
 *   the confirmation is retried in the background; a conflict becomes a case at the
 *   centre and is recorded here.
 */
import type { DeregisterRequest, IssueRequest, Refusal } from '../../protocol/centre';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log';
import type { DecisionInput, DecisionResult, Registry } from '../registry/registry';
import { CentreClient, CentreRefusedError, CentreUnavailableError } from './centre-client';
import type { CentreConfirmations, ConfirmationKind } from './centre-confirmations';

export type OfflinePolicy = 'refer' | 'provisional';

/** An answer of the centre, a definite no, or no answer at all. */
export type CentreCall<T> = { ok: true; value: T } | { ok: false; refusal: Refusal } | { ok: false; unavailable: string };

/** A reason the centre adds to a decision, shaped like a rule's result so that it is shown and recorded alike. */
export interface CentreReason {
  id: 'centre-unavailable' | 'centre-refused';
  passed: false;
  message: { 'zh-CN': string; en: string };
}

export function centreUnavailableReason(): CentreReason {
  return {
    id: 'centre-unavailable',
    passed: false,
    message: {
      'zh-CN': '暂时无法连接登记中心，无法核对名称和经营场所是否已被其他网点登记。请到人工窗口办理。',
      en: 'The registration centre cannot be reached, so the name and premises cannot be checked against other kiosks. Please go to a service counter.',
    },
  };
}

export function centreRefusedReason(refusal: Refusal): CentreReason {
  return {
    id: 'centre-refused',
    passed: false,
    message: {
      'zh-CN': `登记中心未确认本次办理：${refusal.message['zh-CN']}。没有发出执照，也没有注销执照。请到人工窗口咨询。`,
      en: `The registration centre did not confirm this application: ${refusal.message.en}. No licence was issued or deregistered. Please ask at a service counter.`,
    },
  };
}

/** The decision as recorded when the centre says no: a rejection, the centre's reason after the rules'. */
function refusedInput(input: DecisionInput, refusal: Refusal): DecisionInput {
  return { ...input, outcome: 'reject', creditCode: undefined, adopt: undefined, reasons: [...input.reasons, centreRefusedReason(refusal)] };
}

export type ConfirmationRequest = Omit<IssueRequest, 'creditCode' | 'provisional'> | Omit<DeregisterRequest, 'creditCode'>;

export interface Approval {
  applicationId: string;
  kind: ConfirmationKind;
  input: DecisionInput;
  /** The request to confirm, once the credit code is known. */
  request: (creditCode: string) => IssueRequest | DeregisterRequest;
  /** Deregistration: the licence's code; registration: reserved here. */
  creditCode?: string;
  /** Records the decision with what must go with it (the print job); `alongside` runs in its transaction. */
  record: (input: DecisionInput, alongside: (result: DecisionResult) => void) => DecisionResult;
}

/** The centre's answer to a confirmation: yes, no (a refusal, or a case for staff), or none. */
type Answer = { confirmed: true } | { confirmed: false; refusal: Refusal; caseId?: string } | { confirmed: false; unavailable: string };

/** What the step ends with: the decision recorded (and confirmed, refused or provisional), or a referral with nothing recorded yet. */
export type ApprovalOutcome = { recorded: DecisionResult; input: DecisionInput; provisional: boolean } | { referred: CentreReason };

export interface CentreGateDeps {
  client: CentreClient;
  offline: OfflinePolicy;
  confirmations: CentreConfirmations;
  registry: Registry;
  audit: AuditLog;
  logger: Logger;
  /** A transaction on the kiosk database. */
  transaction: <T>(work: () => T) => T;
}

export class CentreGate {
  private settling: Promise<void> | undefined;
  /** Approvals whose step is asking the centre right now: the background retry leaves them to it. */
  private readonly inStep = new Set<string>();

  constructor(private readonly deps: CentreGateDeps) {}

  get offline(): OfflinePolicy {
    return this.deps.offline;
  }

  async call<T>(work: (client: CentreClient) => Promise<T>): Promise<CentreCall<T>> {
    try {
      return { ok: true, value: await work(this.deps.client) };
    } catch (error) {
      if (error instanceof CentreRefusedError) return { ok: false, refusal: error.refusal };
      if (error instanceof CentreUnavailableError) {
        this.deps.logger.warn({ err: error.message }, 'the centre cannot be reached');
        return { ok: false, unavailable: error.message };
      }
      throw error;
    }
  }

  /**
   * The approval, confirmed to the centre before it is recorded and printed.
   * `offlineAlready`: the facts could not be asked and the policy is provisional.
   */
  async approve(approval: Approval, offlineAlready: boolean): Promise<ApprovalOutcome> {
    this.inStep.add(approval.applicationId);
    try {
      return await this.approveNow(approval, offlineAlready);
    } finally {
      this.inStep.delete(approval.applicationId);
    }
  }

  private async approveNow(approval: Approval, offlineAlready: boolean): Promise<ApprovalOutcome> {
    const { confirmations, registry } = this.deps;
    const { applicationId, kind, input } = approval;
    if (offlineAlready) return this.recordProvisionally(approval);
    const creditCode = this.deps.transaction(() => {
      const code = approval.creditCode ?? registry.reserveCreditCode();
      confirmations.owe({ applicationId, kind, creditCode: code, provisional: false, request: approval.request(code), decision: { ...input, creditCode: code } });
      return code;
    });
    const confirmed = { ...input, creditCode };
    const answer = await this.send(kind, approval.request(creditCode), false);
    if (answer.confirmed) return { recorded: approval.record(confirmed, () => confirmations.settle(applicationId, 'confirmed')), input: confirmed, provisional: false };
    if ('refusal' in answer) {
      const refused = refusedInput(input, answer.refusal);
      const recorded = approval.record(refused, () => confirmations.settle(applicationId, 'refused', { reason: answer.refusal.error }));
      this.deps.audit.append('centre.refused', { applicationId, kind, reason: answer.refusal.error });
      return { recorded, input: refused, provisional: false };
    }
    if (this.deps.offline === 'provisional') {
      const recorded = approval.record(confirmed, () => confirmations.markProvisional(applicationId));
      this.deps.audit.append('centre.provisional', { applicationId, kind, creditCode });
      return { recorded, input: confirmed, provisional: true };
    }
    // The centre may have confirmed before the reply was lost: the confirmation stays owed
    // and the background retry records whichever answer comes (printing nothing: the
    // applicant is at the counter, where it can be printed).
    return { referred: centreUnavailableReason() };
  }

  /**
   * Asks the centre again for every confirmation still owed (or those `only` names).
   * One pass at a time; it stops at the first that finds the centre unreachable.
   */
  settlePending(only?: ReadonlySet<string>): Promise<void> {
    this.settling ??= this.settleNow(only).finally(() => (this.settling = undefined));
    return this.settling;
  }

  private recordProvisionally(approval: Approval): ApprovalOutcome {
    const { applicationId, kind, input } = approval;
    const recorded = approval.record(input, ({ licence }) => {
      if (!licence) return;
      this.deps.confirmations.owe({ applicationId, kind, creditCode: licence.creditCode, provisional: true, request: approval.request(licence.creditCode), decision: null });
    });
    this.deps.audit.append('centre.provisional', { applicationId, kind, creditCode: recorded.licence?.creditCode ?? null });
    return { recorded, input, provisional: true };
  }

  private async settleNow(only?: ReadonlySet<string>): Promise<void> {
    const { confirmations, registry, audit, logger } = this.deps;
    for (const owed of confirmations.pending()) {
      if ((only && !only.has(owed.applicationId)) || this.inStep.has(owed.applicationId)) continue;
      // Settled meanwhile by the step that owed it.
      if (confirmations.get(owed.applicationId)?.state !== 'pending') continue;
      const answer = await this.send(owed.kind, owed.request as IssueRequest | DeregisterRequest, owed.provisional);
      if ('unavailable' in answer) {
        confirmations.failedAttempt(owed.applicationId, answer.unavailable);
        return;
      }
      const { applicationId, kind, creditCode } = owed;
      if (owed.provisional) {
        if (answer.confirmed) {
          confirmations.settle(applicationId, 'confirmed');
          audit.append('centre.confirmed', { applicationId, kind, creditCode, provisional: true });
          continue;
        }
        const reason = answer.refusal.error;
        confirmations.settle(applicationId, 'conflict', { caseId: answer.caseId, reason });
        audit.append('centre.conflict', { applicationId, kind, creditCode, caseId: answer.caseId ?? null, reason });
        logger.warn({ applicationId, creditCode, caseId: answer.caseId, reason }, 'a provisional licence conflicts with the centre: a case for staff');
        continue;
      }
      // Online, the reply was lost: the approval waits here to be recorded (or refused).
      const decision = owed.decision as DecisionInput;
      if (answer.confirmed) {
        registry.decide(applicationId, decision, () => confirmations.settle(applicationId, 'confirmed'));
        audit.append('centre.confirmed', { applicationId, kind, creditCode, provisional: false });
      } else if ('refusal' in answer) {
        registry.decide(applicationId, refusedInput(decision, answer.refusal), () => confirmations.settle(applicationId, 'refused', { reason: answer.refusal.error }));
        audit.append('centre.refused', { applicationId, kind, reason: answer.refusal.error });
      }
    }
  }

  private async send(kind: ConfirmationKind, request: IssueRequest | DeregisterRequest, provisional: boolean): Promise<Answer> {
    const answer = await this.call<{ status: string; caseId?: string; reason?: Refusal }>((client) =>
      kind === 'issue' ? client.issue({ ...(request as IssueRequest), ...(provisional && { provisional: true }) }) : client.deregister(request as DeregisterRequest),
    );
    if (!answer.ok) return 'refusal' in answer ? { confirmed: false, refusal: answer.refusal } : { confirmed: false, unavailable: answer.unavailable };
    const { status, caseId, reason } = answer.value;
    return status === 'conflict' && reason ? { confirmed: false, refusal: reason, caseId } : { confirmed: true };
  }
}
