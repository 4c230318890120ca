import { describe, expect, it } from 'vitest';
import { ageBand, recordedFacts } from '../../../core/approval/recorded-facts';
import type { Facts } from '../../../rules/approval/facts';

const APPLICANT = { name: '张伟', idNumber: '440307198803150133', birthDate: '19880315', validFrom: '20160520', validTo: '20360520' };
const FACE = { matched: true, distance: 0.3, threshold: 0.45, livenessPassed: true };

describe('what a decision records of the facts', () => {
  it('an age band in place of the birth date, counted in completed years', () => {
    expect(ageBand('20080316', '2026-03-15')).toBe('<18');
    expect(ageBand('20080315', '2026-03-15')).toBe('18-29');
    expect(ageBand('19880315', '2026-03-14')).toBe('30-39');
    expect(ageBand('19660101', '2026-01-01')).toBe('60+');
    expect(ageBand('19881345', '2026-01-01')).toBe('unknown');
    expect(ageBand('20300101', '2026-01-01')).toBe('unknown');
  });

  it('no birth date, no full number and none of the restricted list\'s numbers', () => {
    const facts: Facts = {
      service: 'deregistration',
      today: '2026-03-14',
      applicant: APPLICANT,
      face: FACE,
      licence: { creditCode: '92440300MA5EQ7GQ4X', status: 'active', operatorIdNumber: APPLICANT.idNumber },
    };
    const recorded = JSON.stringify(recordedFacts(facts));
    expect(recorded).not.toContain(APPLICANT.idNumber);
    expect(recorded).not.toContain('19880315');
    expect(recordedFacts(facts)).toMatchObject({
      applicant: { name: '张伟', idNumberMasked: '440307********0133', ageBand: '30-39', validFrom: '20160520', validTo: '20360520' },
      licence: { operatorIdNumber: '440307********0133' },
    });
  });
});
