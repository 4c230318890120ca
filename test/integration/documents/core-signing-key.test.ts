import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/load';
import { sampleLicence } from '../../../core/documents/licence';
import { createKioskCore } from '../../../core/kiosk-core';
import { readPublicKeyDir } from '../../../core/signing/kiosk-keys';
import { signLicence, verifyStatement } from '../../../core/signing/licence-statement';

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-core-keys-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startAndStop(): Promise<string> {
  const core = await createKioskCore({ loaded: loadConfig({ userDataDir: dataDir, env: {} }), shell: 'test', logger: pino({ level: 'silent' }) });
  try {
    const payload = signLicence(sampleLicence(), core.signingKey);
    expect(verifyStatement(payload, readPublicKeyDir(join(dataDir, 'keys'))).valid).toBe(true);
    return core.signingKey.keyId;
  } finally {
    await core.close();
  }
}

describe('the kiosk core and its signing key', () => {
  it('creates the key pair in <dataDir>/keys on the first start and keeps it on every later start', async () => {
    const first = await startAndStop();
    expect(statSync(join(dataDir, 'keys', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const files = readdirSync(join(dataDir, 'keys')).sort();
    expect(await startAndStop()).toBe(first);
    expect(readdirSync(join(dataDir, 'keys')).sort()).toEqual(files);
  });
});
