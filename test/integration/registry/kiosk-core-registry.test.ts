import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import { startTestCore } from '../../support/core';
import { APPROVED, registration } from '../../support/registry';

describe('the kiosk core\'s registry', () => {
  it('issues licences from the configured block into the kiosk database', async () => {
    const env = { KIOSK__REGISTRATION__CREDIT_CODE_BLOCK: '{"prefix":"K7","start":42,"end":99}' };
    const core = await startTestCore(env);
    try {
      const { licence } = core.registry.decide(core.registry.submit(registration(1)).id, APPROVED);
      expect(licence?.creditCode).toMatch(/^92440307K7000042/);
      expect(existsSync(join(core.dataDir, 'keys', 'id-lookup.key'))).toBe(true);
      expect(core.audit.append('licence.printed', { creditCode: licence?.creditCode }).seq).toBe(4);
      expect(verifyAuditLog(core.db)).toMatchObject({ intact: true, entries: 4 });
      expect(core.registry.creditCodeBlock()).toMatchObject({ next: 43, remaining: 57 });
    } finally {
      await core.dispose();
    }
  });
});
