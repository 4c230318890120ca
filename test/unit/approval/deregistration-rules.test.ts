import { describe, expect, it } from 'vitest';
import { decideDeregistration, failedRules, resultOf, type DeregistrationInput } from './fixtures';

describe('deregistration rules', () => {
  it('approve the operator of an active licence', () => {
    const decision = decideDeregistration();
    expect(decision.outcome).toBe('approve');
    expect(decision.service).toBe('deregistration');
    expect(decision.results.map((r) => r.id)).toEqual(['id-number-valid', 'id-card-in-date', 'face-matched', 'liveness', 'operator-of-active-licence']);
    expect(resultOf(decision, 'operator-of-active-licence').message.en).toBe('The applicant operates an active individual business');
  });

  it('approve when the registry wrote the operator’s number with a lower-case x', () => {
    expect(decideDeregistration((f) => f.licence && (f.licence.operatorIdNumber = '34052419800101001x')).outcome).toBe('approve');
  });

  it.each([
    ['no licence was found', (f: DeregistrationInput) => (f.licence = null), '未找到该营业执照', 'No such licence'],
    ['the applicant is not the operator', (f: DeregistrationInput) => f.licence && (f.licence.operatorIdNumber = '440307199001010010'), '不是该个体工商户的经营者', 'not the operator'],
    ['the licence is already deregistered', (f: DeregistrationInput) => f.licence && (f.licence.status = 'deregistered'), '已经注销', 'already been deregistered'],
  ])('reject when %s', (_name, alter, zh, en) => {
    const decision = decideDeregistration(alter);
    expect(decision.outcome).toBe('reject');
    expect(failedRules(decision)).toEqual(['operator-of-active-licence']);
    const { message } = resultOf(decision, 'operator-of-active-licence');
    expect(message['zh-CN']).toContain(zh);
    expect(message.en).toContain(en);
  });

  it('names the licence in the reason', () => {
    const decision = decideDeregistration((f) => f.licence && (f.licence.status = 'deregistered'));
    expect(resultOf(decision, 'operator-of-active-licence').message['zh-CN']).toContain('92440300MA5EQ7GQ4X');
  });

  it('reject an invalid ID number or an expired card', () => {
    expect(failedRules(decideDeregistration((f) => (f.applicant.idNumber = '340524198001010013')))).toEqual(['id-number-valid', 'operator-of-active-licence']);
    const expired = decideDeregistration((f) => (f.applicant.validTo = '20200101'));
    expect(expired.outcome).toBe('reject');
    expect(failedRules(expired)).toEqual(['id-card-in-date']);
  });

  it('refer to a counter when the face or liveness check fails', () => {
    const face = decideDeregistration((f) => (f.face.matched = false));
    expect(face.outcome).toBe('refer');
    expect(failedRules(face)).toEqual(['face-matched']);
    const liveness = decideDeregistration((f) => (f.face.livenessPassed = false));
    expect(liveness.outcome).toBe('refer');
    expect(failedRules(liveness)).toEqual(['liveness']);
  });
});
