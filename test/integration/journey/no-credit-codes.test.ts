// A kiosk of a centre holds no credit-code lease and cannot reach the centre (which also
// decides on local facts: offline policy `provisional`): the applicant the rules approve
// is referred to the counter with the reason, in both languages, and no licence is
// issued with a code from outside a lease (not one from the configured block either).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractWalker, startWalkingKiosk, type WalkingKiosk } from '../../support/contract-walk';

let kiosk: WalkingKiosk;

beforeAll(async () => {
  // A restricted list of its own, so that only the credit codes are missing.
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-test-'));
  writeFileSync(join(dataDir, 'restricted.txt'), '# version: test\n');
  // Port 9 (discard) refuses at once on loopback: the centre is unreachable.
  kiosk = await startWalkingKiosk(
    { KIOSK__REGISTRATION__RESTRICTED_LIST: 'restricted.txt', KIOSK__CENTRE__URL: 'http://127.0.0.1:9', KIOSK__CENTRE__OFFLINE: 'provisional', KIOSK__CENTRE__TIMEOUT_MS: '500' },
    { dataDir },
  );
}, 180_000);

afterAll(() => kiosk?.dispose());

describe('no credit-code lease and no centre', () => {
  it('the approved applicant is sent to the counter with the reason; nothing is issued', async () => {
    const { core } = kiosk;
    const shown = await contractWalker(core, kiosk.live, kiosk.send).walk('registration', '精锐乙');
    expect(shown).toMatchObject({ state: 'referral', problem: { code: 'no-credit-codes' } });
    expect(shown.problem?.message['zh-CN']).toContain('统一社会信用代码');
    expect(shown.problem?.message.en).toContain('credit code');
    expect(core.db.prepare('SELECT count(*) FROM licences').pluck().get()).toBe(0);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE event = 'credit-code.no-lease'").pluck().get()).toBe(1);
  }, 240_000);
});
