import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, loadShippedRuleSet, shippedFile } from '../../../core/approval/approval-data';
import { DataFileError } from '../../../core/approval/data-file';

const dir = mkdtempSync(join(tmpdir(), 'rule-sets-'));
const shipped = JSON.parse(readFileSync(shippedFile('registration'), 'utf8')) as { rules: Record<string, unknown>[] } & Record<string, unknown>;

function writeRuleSet(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function withRule(index: number, change: Record<string, unknown>): unknown {
  return { ...shipped, rules: shipped.rules.map((rule, i) => (i === index ? { ...rule, ...change } : rule)) };
}

function problemsOf(file: string): { field: string; message: string }[] {
  try {
    loadRuleSet(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return [...(error as DataFileError).problems];
  }
  throw new Error(`${file} loaded without problems`);
}

describe('rule-set files', () => {
  it('the shipped rule sets load', () => {
    expect(loadShippedRuleSet('registration').value).toMatchObject({ service: 'registration', version: '2024.1' });
    expect(loadShippedRuleSet('deregistration').value.rules.map((r) => r.check)).toContain('applicantOperatesActiveLicence');
  });

  describe('the hash', () => {
    it('is a SHA-256 that stays when only the layout changes (indentation, key order)', () => {
      const original = loadShippedRuleSet('registration').hash;
      expect(original).toMatch(/^[0-9a-f]{64}$/);
      const { rules, ...rest } = shipped;
      const reordered = writeRuleSet('reordered.json', JSON.stringify({ rules, ...rest }));
      expect(loadRuleSet(reordered).hash).toBe(original);
    });

    it('changes when any value in the file changes', () => {
      const original = loadShippedRuleSet('registration').hash;
      const older = writeRuleSet('age.json', withRule(0, { params: { years: 19 } }));
      const reworded = writeRuleSet('words.json', withRule(0, { title: { 'zh-CN': '年满18周岁', en: 'Adult' } }));
      expect(loadRuleSet(older).hash).not.toBe(original);
      expect(loadRuleSet(reworded).hash).not.toBe(original);
      expect(loadRuleSet(older).hash).not.toBe(loadRuleSet(reworded).hash);
    });
  });

  describe('schema errors name the field', () => {
    it('a parameter of the wrong type', () => {
      expect(problemsOf(writeRuleSet('p.json', withRule(0, { params: { years: 'eighteen' } })))).toEqual([
        { field: 'rules.0.params.years', message: expect.stringMatching(/expected number/) },
      ]);
    });
    it('a missing parameter, and one the check does not take', () => {
      expect(problemsOf(writeRuleSet('m.json', withRule(0, { params: {} })))).toEqual([{ field: 'rules.0.params.years', message: expect.stringMatching(/expected number/) }]);
      expect(problemsOf(writeRuleSet('x.json', withRule(1, { params: { strict: true } })))).toEqual([{ field: 'rules.1.params.strict', message: expect.stringMatching(/unknown field/) }]);
    });
    it('a check that does not exist, or belongs to the other service', () => {
      const [unknown] = problemsOf(writeRuleSet('c.json', withRule(2, { check: 'minimumAgee' })));
      expect(unknown).toMatchObject({ field: 'rules.2.check' });
      expect(unknown?.message).toContain('minimumAge');
      expect(problemsOf(writeRuleSet('d.json', withRule(2, { check: 'applicantOperatesActiveLicence' })))[0]).toMatchObject({ field: 'rules.2.check' });
    });
    it('an effect other than reject or refer', () => {
      expect(problemsOf(writeRuleSet('e.json', withRule(3, { onFail: 'warn' })))).toEqual([{ field: 'rules.3.onFail', message: expect.stringMatching(/reject.*refer/) }]);
    });
    it('a text missing its English', () => {
      expect(problemsOf(writeRuleSet('t.json', withRule(4, { reason: { 'zh-CN': '未通过' } })))).toEqual([{ field: 'rules.4.reason.en', message: expect.any(String) }]);
    });
    it('a placeholder the check does not fill', () => {
      const [problem] = problemsOf(writeRuleSet('ph.json', withRule(0, { reason: { 'zh-CN': '{years} {agee}', en: '{years}' } })));
      expect(problem).toEqual({ field: 'rules.0.reason', message: expect.stringContaining('{agee}') });
      const [title] = problemsOf(writeRuleSet('pt.json', withRule(0, { title: { 'zh-CN': '{age}', en: 'x' } })));
      expect(title?.field).toBe('rules.0.title');
    });
    it('two rules with the same id', () => {
      expect(problemsOf(writeRuleSet('dup.json', withRule(1, { id: 'adult' })))).toEqual([{ field: 'rules.1.id', message: expect.stringContaining('twice') }]);
    });
    it('an unknown service, and a missing version', () => {
      expect(problemsOf(writeRuleSet('s.json', { ...shipped, service: 'renewal' }))[0]?.field).toBe('service');
      const { version: _version, ...unversioned } = shipped;
      expect(problemsOf(writeRuleSet('v.json', unversioned))).toEqual([{ field: 'version', message: expect.any(String) }]);
    });
    it('a file that is not JSON or cannot be read is unreadable, not invalid', () => {
      for (const file of [writeRuleSet('broken.json', '{"rules": ['), join(dir, 'missing.json')]) {
        try {
          loadRuleSet(file);
          throw new Error('loaded');
        } catch (error) {
          expect(error).toMatchObject({ kind: 'unreadable', problems: [{ field: '(file)' }] });
        }
      }
    });
  });
});
