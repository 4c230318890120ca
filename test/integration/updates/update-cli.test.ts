// `kioskctl rules install` and `rules rollback` as a technician runs them: the built CLI,
// its data folder under a temporary XDG_DATA_HOME.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskctl } from '../../support/cli';
import { tempDir } from '../address/address-test-kit';
import { publishUpdate, ruleSetFile, TEST_AUTHORITY, withoutPhoneRule } from './update-files';

let home: string;
beforeEach(() => {
  home = tempDir('kiosk-update-cli-');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const run = (args: string[]) => kioskctl(args, { XDG_DATA_HOME: home, KIOSK__UPDATES__PUBLIC_KEY: TEST_AUTHORITY.publicKeyPem });

describe('kioskctl rules install / rollback', () => {
  it('refuses a wrong hash with exit 1, installs with the right one, and rolls back', () => {
    const file = ruleSetFile(home, 'registration-2026.2.json', withoutPhoneRule('2026.2'));
    const wrong = run(['rules', 'install', file, '--sha256', 'f'.repeat(64)]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('refused (hash-mismatch)');

    const hash = publishUpdate(file);
    const installed = run(['rules', 'install', file]);
    expect(installed.stdout).toContain(`installed registration 2026.2 (sha256 ${hash}, signature valid)`);
    expect(installed.code).toBe(0);
    expect(run(['rules', 'install', file, '--json']).stdout).toContain('"version": "2026.2"');

    const rolledBack = run(['rules', 'rollback', 'registration']);
    expect(rolledBack.stdout).toContain('registration: 2026.2 rolled back to the shipped version');
    expect(run(['rules', 'rollback', 'registration']).code).toBe(1);
    expect(run(['rules', 'rollback', 'nonsense']).code).toBe(2);
  });
});
