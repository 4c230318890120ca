/**
 * The record of a session's end, written to the audit log as `journey.ended` (and from
 * there to the centre's outbox): the journey step it ended at, why, and for a licence
 * issued the time from reading the card to the licence. Nothing about the applicant.
 */
import type { JsonValue } from '../audit/canonical-json';
import type { Service } from './journey-types';

export const SESSION_ENDED_EVENT = 'journey.ended';

export interface SessionEnd {
  [key: string]: JsonValue;
  service: Service | null;
  lastStep: string;
  /** The referral's problem code, 'abandoned' (cancelled), 'timeout' (inactivity) or 'done'. */
  endReason: string;
  cardToLicenceMs: number | null;
}

interface EndingContext {
  service: Service | null;
  referralReason: string | null;
  cardReadAt: number | null;
  licenceAt: number | null;
}

/** `state` is the machine's value as the session is left ({ session: { journey: … } }); `eventType` what made it leave. */
export function sessionEnd(state: unknown, context: EndingContext, eventType: string): SessionEnd {
  const journey = (state as { session?: { journey?: unknown } }).session?.journey;
  const lastStep = typeof journey === 'string' ? journey : journey && typeof journey === 'object' ? (Object.keys(journey)[0] ?? 'unknown') : 'unknown';
  const endReason = context.referralReason ?? (eventType === 'CANCEL' ? 'abandoned' : eventType.startsWith('xstate.after') ? 'timeout' : 'done');
  const cardToLicenceMs = context.cardReadAt !== null && context.licenceAt !== null ? Math.max(0, Math.round(context.licenceAt - context.cardReadAt)) : null;
  return { service: context.service, lastStep, endReason, cardToLicenceMs };
}
