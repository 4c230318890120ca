// Which alerts one heartbeat raises: paper end on either printer, a job pending longer
// than the limit, and a referral spike under a new rule set measured against the old one.
import { describe, expect, it } from 'vitest';
import { alertConditions } from '../../../centre/fleet/alert-conditions';
import { DEFAULT_FLEET_SETTINGS } from '../../../centre/fleet/fleet-settings';
import type { HeartbeatRequest } from '../../../protocol/centre-fleet';

const NOW = new Date('2026-12-05T06:00:00Z');

function heartbeat(overrides: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return {
    sentAt: NOW.toISOString(),
    devices: [
      { kind: 'thermal', driver: 'simulator', level: 'ok', reasons: [], message: 'ready', since: NOW.toISOString() },
      { kind: 'laser', driver: 'simulator', level: 'ok', reasons: [], message: 'ready', since: NOW.toISOString() },
    ],
    pendingJobs: [],
    versions: { app: '0.1.0', ruleSets: [{ service: 'registration', version: 'reg-2' }, { service: 'deregistration', version: 'dereg-1' }], addressBase: null },
    today: { date: '2026-12-05', licences: 0, referrals: 0, rejections: 0, reasons: [] },
    ruleSetRates: [],
    ...overrides,
  };
}

const rates = (oldReferrals: number, newReferrals: number, decisions = 20) => [
  { ruleSetVersion: 'reg-1', firstDecidedAt: '2026-12-01T00:00:00Z', decisions, referrals: oldReferrals },
  { ruleSetVersion: 'reg-2', firstDecidedAt: '2026-12-04T00:00:00Z', decisions, referrals: newReferrals },
];

describe('alert conditions of a heartbeat', () => {
  it('a healthy kiosk raises nothing', () => {
    expect(alertConditions(heartbeat(), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
  });

  it('paper end on the receipt printer or an empty laser tray is a paper-end alert naming the printers; paper near end is not', () => {
    const [thermal, laser] = heartbeat().devices;
    const devices = [{ ...thermal!, level: 'error' as const, reasons: ['paper-end'] }, { ...laser!, level: 'error' as const, reasons: ['media-empty'] }];
    expect(alertConditions(heartbeat({ devices }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({ 'paper-end': { printers: ['thermal', 'laser'] } });
    const low = [{ ...thermal!, level: 'warning' as const, reasons: ['paper-near-end'] }];
    expect(alertConditions(heartbeat({ devices: low }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
  });

  it('a job pending longer than the limit is stuck; a younger one is not', () => {
    const job = (id: number, minutesAgo: number) => ({ id, document: 'licence-a4', printer: 'laser' as const, state: 'waiting' as const, reason: 'media-empty', createdAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString() });
    expect(alertConditions(heartbeat({ pendingJobs: [job(7, 9)] }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
    expect(alertConditions(heartbeat({ pendingJobs: [job(7, 9), job(8, 12), job(9, 30)] }), NOW, DEFAULT_FLEET_SETTINGS)['stuck-job']).toMatchObject({ jobs: 2, oldestJob: 9, printer: 'laser', reason: 'media-empty', minutes: 10 });
  });

  it('referrals under the new rule set above twice the old rate are a spike; the same rate, or too few decisions, are not', () => {
    expect(alertConditions(heartbeat({ ruleSetRates: rates(2, 9) }), NOW, DEFAULT_FLEET_SETTINGS)['referral-spike']).toEqual({ ruleSetVersion: 'reg-2', rate: 0.45, previousRuleSetVersion: 'reg-1', previousRate: 0.1, factor: 2 });
    expect(alertConditions(heartbeat({ ruleSetRates: rates(2, 4) }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
    expect(alertConditions(heartbeat({ ruleSetRates: rates(0, 5, 9) }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
    // An old rate of 0 counts as 5 %: two referrals in 20 (10 %) are not a spike, three (15 %) are.
    expect(alertConditions(heartbeat({ ruleSetRates: rates(0, 2) }), NOW, DEFAULT_FLEET_SETTINGS)).toEqual({});
    expect(alertConditions(heartbeat({ ruleSetRates: rates(0, 3) }), NOW, DEFAULT_FLEET_SETTINGS)['referral-spike']).toBeDefined();
  });
});
