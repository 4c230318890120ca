import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import { CreditCodeBlockExhaustedError } from '../../../core/registry/credit-code-allocator';
import { licencesRegisteredSince } from '../../../core/registry/licences';
import { RegistryError, type DecisionInput } from '../../../core/registry/registry';
import { validateCreditCode } from '../../../rules/credit-code';
import { maskIdNumber } from '../../../rules/id-number';
import { APPROVED, HOUSE_CODE, idNumber, openRegistryIn, openTestRegistry, registration, type TestRegistry } from '../../support/registry';

const opened: TestRegistry[] = [];
function registry(...args: Parameters<typeof openTestRegistry>): TestRegistry {
  const r = openTestRegistry(...args);
  opened.push(r);
  return r;
}
afterEach(() => {
  for (const r of opened.splice(0)) if (r.db.open) r.db.close();
});

const BLOCK = { prefix: 'K7', start: 100, end: 999999 };

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function count(r: TestRegistry, table: string): number {
  return r.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

function auditEvents(r: TestRegistry): string[] {
  return r.db.prepare('SELECT event FROM audit_log ORDER BY seq').pluck().all() as string[];
}

describe('registering an individual business', () => {
  it('an approved application produces a licence with every field the licence prints', () => {
    // 17:30 UTC on 19 March is already 20 March in Shenzhen.
    const r = registry({ registration: { creditCodeBlock: BLOCK } }, () => new Date('2026-03-19T17:30:00Z'));
    const application = r.registry.submit(registration(1));
    const { licence, decision, repeated } = r.registry.decide(application.id, APPROVED);
    expect(repeated).toBe(false);
    expect(decision).toMatchObject({ outcome: 'approve', ruleSet: APPROVED.ruleSet, data: APPROVED.data });
    expect(licence).toEqual({
      creditCode: expect.stringMatching(/^92440307K7000100..$/),
      applicationId: application.id,
      kioskId: 'LG-PH-01',
      name: '深圳市龙岗区精锐1图文设计店',
      type: '个体工商户',
      operatorName: '张三',
      operatorIdNumberMasked: maskIdNumber(idNumber(1)),
      compositionForm: '个人经营',
      premisesAddress: '深圳市龙岗区平湖街道新木社区新木路42号101',
      houseCode: HOUSE_CODE,
      gridCode: '44030700300304',
      businessScope: ['图文设计制作', '平面设计'],
      permitScope: [],
      registrationDate: '2026-03-20',
      issuedAt: '2026-03-19T17:30:00.000Z',
      authorityRegion: '440307',
      authorityName: '深圳市市场监督管理局龙岗监管局',
      status: 'active',
      deregisteredAt: null,
      deregistrationDate: null,
    });
    expect(validateCreditCode(licence?.creditCode ?? '').ok).toBe(true);
    expect(r.registry.licence(licence?.creditCode ?? '')).toEqual(licence);
    expect(auditEvents(r)).toEqual(['application.submitted', 'decision.recorded', 'licence.issued']);
  });

  it('an individual business without a name gets a licence without one, with its permit items', () => {
    const r = registry();
    const application = r.registry.submit(registration(2, { businessName: null, compositionForm: '家庭经营', permitScope: ['食品经营（销售预包装食品）'] }));
    expect(r.registry.decide(application.id, APPROVED).licence).toMatchObject({ name: null, compositionForm: '家庭经营', permitScope: ['食品经营（销售预包装食品）'] });
  });

  it('the licence to issue, told to the centre before it is recorded, is the licence then recorded at that instant, even when recorded the next day', () => {
    // Recorded at 00:10 on 21 March in Shenzhen, for an issue told to the centre at 23:59 on the 20th.
    const r = registry({ registration: { creditCodeBlock: BLOCK } }, () => new Date('2026-03-20T16:10:00Z'));
    const application = r.registry.submit(registration(3));
    const creditCode = r.db.transaction(() => r.registry.reserveCreditCode())();
    const told = r.registry.licenceToIssue(application.id, creditCode, '2026-03-20T15:59:00.000Z');
    expect(count(r, 'licences')).toBe(0);
    const { licence } = r.registry.decide(application.id, { ...APPROVED, creditCode, issuedAt: '2026-03-20T15:59:00.000Z' });
    expect(licence).toEqual(told);
    expect(licence).toMatchObject({ registrationDate: '2026-03-20', authorityName: expect.any(String), businessScope: ['图文设计制作', '平面设计'] });
    expect(errorOf(() => r.registry.licenceToIssue('no-such-application', creditCode, '2026-03-20T15:59:00.000Z'))).toMatchObject({ code: 'unknown-application' });
  });

  it('approving the same application again returns the same licence, never a second one', () => {
    const r = registry({ registration: { creditCodeBlock: BLOCK } });
    const application = r.registry.submit(registration(1));
    const first = r.registry.decide(application.id, APPROVED);
    const again = r.registry.decide(application.id, { ...APPROVED, facts: { retried: true } });
    expect(again.repeated).toBe(true);
    expect(again.licence).toEqual(first.licence);
    expect(again.decision).toEqual(first.decision);
    expect(count(r, 'licences')).toBe(1);
    expect(r.registry.creditCodeBlock().next).toBe(101);
    expect(errorOf(() => r.registry.decide(application.id, { ...APPROVED, outcome: 'reject' }))).toMatchObject({ code: 'already-decided' });
  });

  it('a second kiosk process approving the same application gets the same licence', () => {
    const r = registry();
    const other = openRegistryIn(r.dir);
    opened.push(other);
    const application = r.registry.submit(registration(1));
    const first = other.registry.decide(application.id, APPROVED);
    expect(r.registry.decide(application.id, APPROVED)).toEqual({ ...first, repeated: true });
    expect(count(r, 'licences')).toBe(1);
  });

  it('a rejected or referred application gets no licence and uses no code', () => {
    const r = registry({ registration: { creditCodeBlock: BLOCK } });
    for (const outcome of ['reject', 'refer'] as const) {
      const application = r.registry.submit(registration(3));
      const result = r.registry.decide(application.id, { ...APPROVED, outcome, reasons: [{ code: 'name-taken' }] });
      expect(result.licence).toBeNull();
      expect(r.registry.decision(application.id)).toMatchObject({ outcome, reasons: [{ code: 'name-taken' }] });
    }
    expect(count(r, 'licences')).toBe(0);
    const approved = r.registry.decide(r.registry.submit(registration(4)).id, APPROVED);
    expect(approved.licence?.creditCode).toMatch(/^92440307K7000100/);
  });

  it('refuses malformed applications and unknown application ids', () => {
    const r = registry();
    expect(errorOf(() => r.registry.submit(registration(1, { idNumber: '340524198001010013' })))).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/idNumber/) });
    expect(errorOf(() => r.registry.submit(registration(1, { premises: { houseCode: '4403070030030400042', address: 'x' } })))).toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/25-digit house code/),
    });
    expect(errorOf(() => r.registry.decide('no-such-id', APPROVED))).toBeInstanceOf(RegistryError);
    expect(count(r, 'applications')).toBe(0);
  });

  it('refers the applicant to the counter when the block is used up, recording nothing but an audit entry', () => {
    const r = registry({ registration: { creditCodeBlock: { prefix: 'K7', start: 5, end: 6 } } });
    for (const n of [1, 2]) r.registry.decide(r.registry.submit(registration(n)).id, APPROVED);
    const third = r.registry.submit(registration(3));
    const error = errorOf(() => r.registry.decide(third.id, APPROVED));
    expect(error).toBeInstanceOf(CreditCodeBlockExhaustedError);
    expect((error as CreditCodeBlockExhaustedError).applicantMessage('zh-CN')).toContain('人工服务窗口');
    expect(r.registry.decision(third.id)).toBeUndefined();
    expect(count(r, 'licences')).toBe(2);
    expect(auditEvents(r).at(-1)).toBe('credit-code.block-exhausted');
    expect(verifyAuditLog(r.db).intact).toBe(true);
  });
});

describe('the operator\'s ID number', () => {
  const id = idNumber(7);

  it('finds the operator\'s active licences by ID number however it was typed', () => {
    const r = registry();
    const { licence } = r.registry.decide(r.registry.submit(registration(7)).id, APPROVED);
    const typed = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14).toLowerCase()}`;
    expect(r.registry.activeLicencesOf(typed)).toEqual([licence]);
    expect(r.registry.activeLicencesOf(idNumber(8))).toEqual([]);
    expect(r.registry.isOperatorOf(licence?.creditCode ?? '', typed)).toBe(true);
    expect(r.registry.isOperatorOf(licence?.creditCode ?? '', idNumber(8))).toBe(false);
  });

  it('tells the rules which names are taken in the district and how many businesses an address has', () => {
    const r = registry();
    const named = registration(1, { nameParts: { tradeName: '精锐', industry: '图文设计' } });
    r.registry.decide(r.registry.submit(named).id, APPROVED);
    r.registry.decide(r.registry.submit(registration(2)).id, APPROVED);
    expect(r.registry.localFacts(HOUSE_CODE)).toEqual({
      existingNames: [{ districtCode: HOUSE_CODE.slice(0, 6), tradeName: '精锐', industry: '图文设计' }],
      activeBusinessesAtAddress: 2,
    });
    expect(r.registry.localFacts('4403030010010010010010001')).toEqual({ existingNames: [], activeBusinessesAtAddress: 0 });
  });

  it('is never stored in clear, only masked and as a hash under the kiosk\'s own key', () => {
    const r = registry();
    const facts = { idNumber: id, card: { number: id, photo: Buffer.from('jpeg') }, face: { matched: true, distance: 0.41, descriptor: new Float32Array(128).fill(0.5) } };
    r.registry.decide(r.registry.submit(registration(7)).id, { ...APPROVED, facts, reasons: [`applicant ${id}`] });
    r.db.close();
    const files = readdirSync(r.dir).filter((f) => f.startsWith('kiosk.sqlite'));
    for (const file of files) expect(readFileSync(join(r.dir, file)).includes(id), file).toBe(false);
    expect(readFileSync(r.file).includes(maskIdNumber(id))).toBe(true);

    const reopened = openRegistryIn(r.dir);
    opened.push(reopened);
    expect(reopened.registry.activeLicencesOf(id)).toHaveLength(1);
    // Another kiosk's key gives another hash: a copy of the database alone finds nobody.
    const elsewhere = registry();
    elsewhere.registry.submit(registration(7));
    const hashOf = (t: TestRegistry) => t.db.prepare('SELECT id_number_hmac FROM applications').pluck().get();
    expect(hashOf(elsewhere)).not.toBe(hashOf(reopened));
  });

  it('refuses to open with another key than the one the database was written with', () => {
    const r = registry();
    r.db.close();
    rmSync(join(r.dir, 'keys', 'id-lookup.key'));
    expect(() => openRegistryIn(r.dir)).toThrow(/not the one this database was written with/);
  });

  it('keeps the face decision but nothing biometric in the decision\'s facts', () => {
    const r = registry();
    const facts = {
      idNumber: id,
      idPhoto: new Uint8Array([0xff, 0xd8]),
      liveFrame: 'data:image/jpeg;base64,/9j/4AAQ',
      face: { matched: true, distance: 0.41, liveness: { headTurn: true }, descriptor: Array.from({ length: 128 }, () => 0.1) },
    };
    const application = r.registry.submit(registration(7));
    const { decision } = r.registry.decide(application.id, { ...APPROVED, facts });
    const expected = { idNumber: maskIdNumber(id), face: { matched: true, distance: 0.41, liveness: { headTurn: true } } };
    expect(decision.facts).toEqual(expected);
    expect(r.registry.decision(application.id)?.facts).toEqual(expected);
    expect(decision.hash).toMatch(/^[0-9a-f]{64}$/);
    const audited = r.db.prepare("SELECT data FROM audit_log WHERE event = 'decision.recorded'").pluck().get() as string;
    expect(JSON.parse(audited)).toMatchObject({ decisionHash: decision.hash, outcome: 'approve', ruleSet: 'test-rules-1' });
    expect(r.db.prepare('SELECT group_concat(data) FROM audit_log').pluck().get()).not.toContain('张三');
  });
});

describe('deregistration', () => {
  const deregistration = (n: number, creditCode: string) => ({ kind: 'deregistration' as const, idNumber: idNumber(n), operatorName: '张三', creditCode });

  it('an approved deregistration marks the operator\'s licence deregistered, once', () => {
    const r = registry({}, () => new Date('2026-05-01T02:00:00Z'));
    const issued = r.registry.decide(r.registry.submit(registration(5)).id, APPROVED).licence;
    const code = issued?.creditCode ?? '';
    const application = r.registry.submit(deregistration(5, code.toLowerCase()));
    const { licence } = r.registry.decide(application.id, APPROVED);
    expect(licence).toMatchObject({ creditCode: code, status: 'deregistered', deregisteredAt: '2026-05-01T02:00:00.000Z', deregistrationDate: '2026-05-01' });
    expect(r.registry.licence(code)?.status).toBe('deregistered');
    expect(r.registry.activeLicencesOf(idNumber(5))).toEqual([]);
    expect(r.registry.decide(application.id, APPROVED)).toMatchObject({ repeated: true, licence: { creditCode: code, status: 'deregistered' } });
    expect(auditEvents(r).slice(-3)).toEqual(['application.submitted', 'decision.recorded', 'licence.deregistered']);

    const second = r.registry.submit(deregistration(5, code));
    expect(errorOf(() => r.registry.decide(second.id, APPROVED))).toMatchObject({ code: 'licence-not-active' });
    expect(r.registry.decision(second.id)).toBeUndefined();
  });

  it('cannot deregister someone else\'s licence, and a rejection changes nothing', () => {
    const r = registry();
    const code = r.registry.decide(r.registry.submit(registration(5)).id, APPROVED).licence?.creditCode ?? '';
    const stranger = r.registry.submit(deregistration(6, code));
    expect(errorOf(() => r.registry.decide(stranger.id, APPROVED))).toMatchObject({ code: 'licence-not-found' });
    const rejected: DecisionInput = { ...APPROVED, outcome: 'reject' };
    expect(r.registry.decide(r.registry.submit(deregistration(5, code)).id, rejected).licence).toBeNull();
    expect(r.registry.licence(code)?.status).toBe('active');
  });
});

describe('new licences per grid', () => {
  it('lists the licences registered since a date, for one grid or a whole street', () => {
    let now = new Date('2026-03-01T04:00:00Z');
    const r = registry({}, () => now);
    const issue = (n: number, houseCode: string, day: string) => {
      now = new Date(`${day}T04:00:00Z`);
      return r.registry.decide(r.registry.submit(registration(n, { premises: { houseCode, address: `地址${n}` } })).id, APPROVED).licence?.creditCode;
    };
    const otherGrid = '4403070030030500017000201';
    const otherStreet = '4403070040010100001000101';
    issue(1, HOUSE_CODE, '2026-03-01');
    const a = issue(2, HOUSE_CODE, '2026-03-10');
    const b = issue(3, otherGrid, '2026-03-11');
    const c = issue(4, otherStreet, '2026-03-12');
    const codes = (since: string, grid?: string) => licencesRegisteredSince(r.db, since, grid).map((l) => l.creditCode);
    expect(codes('2026-03-10')).toEqual([a, b, c]);
    expect(codes('2026-03-10', '44030700300304')).toEqual([a]);
    expect(codes('2026-03-01', '440307003')).toEqual([expect.any(String), a, b]);
    expect(codes('2026-03-13')).toEqual([]);
  });
});
