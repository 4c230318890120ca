// `kioskctl maintenance set-pin` as a technician runs it (the built CLI: `npm run build` first).
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { verifyPin } from '../../../core/maintenance/pin-hash';
import { kioskctl } from '../../support/cli';

describe('kioskctl maintenance set-pin', () => {
  it('prints a hash of the PIN read from stdin that the configuration accepts and that opens with that PIN', async () => {
    const run = kioskctl(['maintenance', 'set-pin', '--json'], {}, '5820913\n');
    expect(run.code).toBe(0);
    const { pinHash } = JSON.parse(run.stdout) as { pinHash: string };
    expect(KioskConfig.parse({ maintenance: { pinHash } }).maintenance.pinHash).toBe(pinHash);
    expect(await verifyPin('5820913', pinHash)).toBe(true);
    expect(run.stdout).not.toContain('5820913');
  });

  it('refuses a PIN that is not 4-12 digits, with exit code 2 and how to give one', () => {
    const run = kioskctl(['maintenance', 'set-pin'], {}, '12ab\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('4 to 12 digits');
    expect(run.stdout).toBe('');
  });
});
