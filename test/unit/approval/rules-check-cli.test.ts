import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskctl } from '../../support/cli';
import { EXAMPLE_FILE } from './fixtures';

// The built kioskctl, run as a technician would (`npm run build` first).
const dir = mkdtempSync(join(tmpdir(), 'rules-check-'));
const example = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as Record<string, Record<string, unknown>>;

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

let applications = 0;
function application(change: (app: typeof example) => void): string {
  const app = structuredClone(example);
  change(app);
  return file(`application-${(applications += 1)}.json`, app);
}

describe('kioskctl rules check', () => {
  it('the shipped example is approved: exit 0, every rule listed', () => {
    const run = kioskctl(['rules', 'check', EXAMPLE_FILE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^APPROVED \(registration\)/);
    expect(run.stdout).toMatch(/rule set 2024\.1 sha256 [0-9a-f]{64}/);
    expect(run.stdout).toContain('adult');
    expect(run.stdout).toContain('The applicant is at least 18 years old');
    expect(run.stderr).toBe('');
  });

  it('a rejection exits 1 with the reasons on stderr', () => {
    const run = kioskctl(['rules', 'check', application((a) => Object.assign(a.address!, { usage: '住宅' }))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^REJECTED/);
    expect(run.stderr).toContain('address-usage: 该房屋登记用途为“住宅”');
  });

  it('a referral to a counter exits 1 too', () => {
    const run = kioskctl(['rules', 'check', '--json', application((a) => Object.assign(a.face!, { livenessPassed: false }))]);
    expect(run.code).toBe(1);
    const decision = JSON.parse(run.stdout) as { outcome: string; ruleSet: { hash: string }; results: { id: string; passed: boolean; effect: string | null }[] };
    expect(decision.outcome).toBe('refer');
    expect(decision.ruleSet.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(decision.results.filter((r) => !r.passed)).toEqual([expect.objectContaining({ id: 'liveness', effect: 'refer' })]);
    expect(run.stderr).toMatch(/REFERRED to a counter:\n {2}liveness:/);
  });

  it('a malformed application exits 2 naming the field', () => {
    const run = kioskctl(['rules', 'check', application((a) => Object.assign(a.face!, { distance: 'close' }))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/face\.distance: .*expected number/);
    const json = kioskctl(['rules', 'check', '--json', application((a) => Object.assign(a.form!, { compositionForm: '合伙经营' }))]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: 'invalid', problems: [{ field: 'form.compositionForm' }] });
  });

  it('a missing or non-JSON application exits 2', () => {
    expect(kioskctl(['rules', 'check', join(dir, 'none.json')]).code).toBe(2);
    expect(kioskctl(['rules', 'check', file('broken.json', '{"service":')]).code).toBe(2);
  });

  it('--rules takes another rule set; its version decides, and a bad one exits 2 naming the field', () => {
    const shipped = JSON.parse(readFileSync(join(process.cwd(), 'assets', 'rules', 'registration.json'), 'utf8')) as { version: string; rules: { id: string; params?: unknown }[] };
    const older = { ...shipped, version: '2025.1', rules: shipped.rules.map((r) => (r.id === 'adult' ? { ...r, params: { years: 60 } } : r)) };
    const run = kioskctl(['rules', 'check', '--rules', file('older.json', older), EXAMPLE_FILE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('rule set 2025.1');
    expect(run.stderr).toContain('adult: 申请人须年满60周岁');

    const bad = { ...shipped, rules: shipped.rules.map((r) => (r.id === 'adult' ? { ...r, params: { years: -1 } } : r)) };
    const badRun = kioskctl(['rules', 'check', '--rules', file('bad-rules.json', bad), EXAMPLE_FILE]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/rules\.0\.params\.years: /);
  });

  it('a rule set of the other service exits 2', () => {
    const run = kioskctl(['rules', 'check', '--rules', join(process.cwd(), 'assets', 'rules', 'deregistration.json'), EXAMPLE_FILE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('service: this rule set is for deregistration, the application for registration');
  });

  it('decides a deregistration with its own shipped rule set', () => {
    const { today, applicant, face } = example;
    const licence = { creditCode: '92440300MA5EQ7GQ4X', status: 'active', operatorIdNumber: applicant!.idNumber };
    const approved = kioskctl(['rules', 'check', file('dereg.json', { service: 'deregistration', today, applicant, face, licence })]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('operator-of-active-licence');
    const rejected = kioskctl(['rules', 'check', file('dereg-gone.json', { service: 'deregistration', today, applicant, face, licence: { ...licence, status: 'deregistered' } })]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('已经注销');
  });

  it('looks a house code up in the address base (here the built sample) when only the code is given', () => {
    // No kiosk.json of this machine's user: the defaults, i.e. the sample built by `npm run build`.
    const env = { XDG_DATA_HOME: dir };
    const known = kioskctl(['rules', 'check', application((a) => (a.address = { houseCode: '4403070030030400042000003' }))], env);
    expect(known.code).toBe(0);
    const unknown = kioskctl(['rules', 'check', application((a) => (a.address = { houseCode: '4403070030030400042999999' }))], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('address-exists');
  });
});
