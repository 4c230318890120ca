import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CreditCodeAllocator, CreditCodeBlockExhaustedError, type CreditCodeBlock } from '../../../core/registry/credit-code-allocator';
import { openDatabase, type KioskDatabase } from '../../../core/storage/database';
import { CREDIT_CODE_ALPHABET, composeCreditCode, validateCreditCode } from '../../../rules/credit-code';

const REGION = '440307';
const opened: KioskDatabase[] = [];

function database(file = join(mkdtempSync(join(tmpdir(), 'kiosk-alloc-')), 'kiosk.sqlite')): KioskDatabase {
  const db = openDatabase(file);
  opened.push(db);
  return db;
}

function allocateIn(db: KioskDatabase, allocator: CreditCodeAllocator): string {
  return db.transaction(() => allocator.allocate()).immediate();
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('credit-code allocation from the kiosk block', () => {
  it('hands out 9 + 2 + region + prefix + serial with both check characters, in sequence', () => {
    const db = database();
    const allocator = new CreditCodeAllocator(db, REGION, { prefix: 'K7', start: 100, end: 999999 });
    const codes = Array.from({ length: 5 }, () => allocateIn(db, allocator));
    expect(codes[0]).toBe(composeCreditCode({ authority: '9', entityType: '2', regionCode: REGION, organisationBody: 'K7000100' }));
    codes.forEach((code, index) => {
      const checked = validateCreditCode(code);
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      expect(checked.parts).toMatchObject({ authority: '9', entityType: '2', regionCode: REGION });
      expect(checked.parts.organisationCode.slice(0, 8)).toBe(`K7${String(100 + index).padStart(6, '0')}`);
    });
    expect(allocator.status()).toMatchObject({ next: 105, remaining: 999999 - 105 + 1 });
  });

  it('every serial of any block composes a valid code', () => {
    const db = database();
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 999999 }), (prefix, serial) => {
        const code = new CreditCodeAllocator(db, REGION, { prefix, start: 0, end: 999999 }).codeFor(serial);
        expect(validateCreditCode(code).ok).toBe(true);
      }),
    );
  });

  it('allocates only inside the transaction that records the licence, and a rollback hands nothing out', () => {
    const db = database();
    const allocator = new CreditCodeAllocator(db, REGION, { prefix: 'K7', start: 1, end: 10 });
    expect(() => allocator.allocate()).toThrow(/inside the transaction/);
    let rolledBack = '';
    expect(() =>
      db.transaction(() => {
        rolledBack = allocator.allocate();
        throw new Error('printing failed');
      }).immediate(),
    ).toThrow('printing failed');
    expect(allocateIn(db, allocator)).toBe(rolledBack);
  });

  it('moves forward when the block start is raised, and never back when it is lowered', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-alloc-')), 'kiosk.sqlite');
    const db = database(file);
    const serialOf = (code: string) => Number(code.slice(10, 16));
    const block = (start: number): CreditCodeBlock => ({ prefix: 'K7', start, end: 999999 });
    expect(serialOf(allocateIn(db, new CreditCodeAllocator(db, REGION, block(1))))).toBe(1);
    expect(serialOf(allocateIn(db, new CreditCodeAllocator(db, REGION, block(500))))).toBe(500);
    expect(serialOf(allocateIn(db, new CreditCodeAllocator(db, REGION, block(1))))).toBe(501);
  });

  it('refuses with a message for the applicant when the block is used up', () => {
    const db = database();
    const allocator = new CreditCodeAllocator(db, REGION, { prefix: 'K7', start: 8, end: 9 });
    allocateIn(db, allocator);
    allocateIn(db, allocator);
    let error: unknown;
    try {
      allocateIn(db, allocator);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CreditCodeBlockExhaustedError);
    const exhausted = error as CreditCodeBlockExhaustedError;
    expect(exhausted.block).toMatchObject({ prefix: 'K7', next: 10, remaining: 0 });
    expect(exhausted.message).toMatch(/registration\.creditCodeBlock/);
    expect(exhausted.applicantMessage('zh-CN')).toMatch(/人工服务窗口/);
    expect(exhausted.applicantMessage('en')).toMatch(/service counter/);
    expect(allocator.status().remaining).toBe(0);
  });

  it('two connections to the same file never get the same code', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-alloc-')), 'kiosk.sqlite');
    const [a, b] = [database(file), database(file)] as const;
    const block = { prefix: 'K7', start: 1, end: 999999 };
    const [allocA, allocB] = [new CreditCodeAllocator(a, REGION, block), new CreditCodeAllocator(b, REGION, block)];
    const codes = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? allocateIn(a, allocA) : allocateIn(b, allocB)));
    expect(new Set(codes).size).toBe(50);
  });

  it('rejects a block outside the six-digit serials', () => {
    const db = database();
    expect(() => new CreditCodeAllocator(db, REGION, { prefix: 'K7', start: 5, end: 4 })).toThrow(RangeError);
    expect(() => new CreditCodeAllocator(db, REGION, { prefix: 'K7', start: 0, end: 1_000_000 })).toThrow(RangeError);
  });
});
