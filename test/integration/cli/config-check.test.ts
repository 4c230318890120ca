import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskctl } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'kioskctl-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('kioskctl', () => {
  it('--help lists the commands and exits 0', () => {
    const run = kioskctl(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('config');
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const run = kioskctl(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command/);
  });

  it('config check: a valid file exits 0 and says which drivers it selects', () => {
    const run = kioskctl(['config', 'check', file('ok.json', '{"kioskId":"LG-PH-01","devices":{"thermal":{"driver":"escpos-serial","path":"/dev/ttyUSB0"}}}')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid');
    expect(run.stdout).toContain('thermal=escpos-serial');
  });

  it('config check: an invalid file exits 1 naming the field and what was expected', () => {
    const run = kioskctl(['config', 'check', file('bad.json', '{"ui":{"defaultLanguage":"fr"}}')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ui\.defaultLanguage: .*zh-CN.*en/);
  });

  it('config check --json gives the problems as data', () => {
    const run = kioskctl(['config', 'check', '--json', file('bad2.json', '{"host":{"port":70000}}')]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, problems: [{ field: 'host.port' }] });
  });

  it('config check: a missing or non-JSON file is an I/O error (exit 2)', () => {
    expect(kioskctl(['config', 'check', join(dir, 'none.json')]).code).toBe(2);
    expect(kioskctl(['config', 'check', file('broken.json', '{')]).code).toBe(2);
  });
});
