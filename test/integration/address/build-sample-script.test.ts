import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddressService } from '../../../core/address/address-service';
import { SAMPLE_FIXTURES } from '../../../core/address/sample-fixtures';
import { streets, tempDir } from './address-test-kit';

function buildScript(args: readonly string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'build-sample-addresses.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('scripts/build-sample-addresses.ts', () => {
  it('builds a sample database at the path given, covering every street, with the fixture rooms', () => {
    const out = join(tempDir(), 'nested', 'sample.sqlite');
    const run = buildScript([out, '--rooms', '5000']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`addresses: \\d+ rooms in 79 streets → ${out}`));
    const service = new AddressService({ databaseFile: out, streets });
    expect(service.info()).toMatchObject({ streets: 79, source: 'sample generator (about 5000 rooms, seed 1)' });
    for (const fixture of SAMPLE_FIXTURES) {
      const found = service.lookup(fixture.houseCode);
      expect(found.ok && found.address.formatted).toBe(fixture.formatted);
    }
    service.close();
  });

  it('refuses a size that is not a positive whole number (exit 2)', () => {
    const run = buildScript([join(tempDir(), 'x.sqlite'), '--rooms', 'lots']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rooms expects a positive whole number/);
  });
});
