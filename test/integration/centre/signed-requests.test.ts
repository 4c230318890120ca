// Enrolment and signed requests against a real centre and PostgreSQL: only an
// enrolled, unrevoked kiosk's fresh, unaltered requests are answered; every other
// sender is refused, logged and recorded.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKiosk, revokeKiosk } from '../../../centre/kiosks';
import { CentreClient, CentreRefusedError } from '../../../core/centre/centre-client';
import { CENTRE_SEALING_KEY_FILE } from '../../../core/centre/sealing-key-file';
import { loadSigningKey } from '../../../core/signing/kiosk-keys';
import { CENTRE_PATHS } from '../../../protocol/centre';
import { signRequest } from '../../../protocol/request-signing';
import { kioskctlAsync } from '../../support/cli';
import { centreSealingKey } from '../../../centre/sealing-key';
import { startCentreInProcess, TEST_SECRET, type InProcessCentre } from '../../support/centre-in-process';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let centre: InProcessCentre;
let keysDir: string;
let databaseUrl: string;
const KIOSK = 'LG-PH-01';

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.freshDatabase();
  centre = await startCentreInProcess(databaseUrl);
  keysDir = mkdtempSync(join(tmpdir(), 'centre-keys-'));
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

async function refusals(reason: string): Promise<number> {
  const { rows } = await centre.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM refused_requests WHERE reason = $1', [reason]);
  return rows[0]!.n;
}

/** A ping signed by `privateKey`, sent as given (body and headers can be tampered with). */
function rawPing(kioskId: string, privateKey = loadSigningKey(keysDir).privateKey, options: { now?: number; body?: string } = {}) {
  const body = '{}';
  const headers = signRequest(privateKey, { method: 'POST', path: CENTRE_PATHS.ping, body, kioskId }, options.now);
  return { send: (url = centre.url) => fetch(`${url}${CENTRE_PATHS.ping}`, { method: 'POST', headers, body: options.body ?? body }) };
}

describe('enrolment', () => {
  it('kioskctl centre enrol registers the kiosk key with the one-time code, which then stops working', async () => {
    const { code } = await addKiosk(centre.pool, KIOSK);
    const enrolled = await kioskctlAsync(['centre', 'enrol', centre.url, '--code', code.toLowerCase(), '--kiosk-id', KIOSK, '--keys-dir', keysDir]);
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    const key = loadSigningKey(keysDir);
    expect(enrolled.stdout).toContain(`kiosk ${KIOSK} enrolled at ${centre.url} with key ${key.keyId}`);
    const { rows } = await centre.pool.query('SELECT key_id FROM kiosk_keys WHERE kiosk_id = $1 AND revoked_at IS NULL', [KIOSK]);
    expect(rows).toEqual([{ key_id: key.keyId }]);
    // …and keeps the centre's key that personal data in its outbox is sealed to.
    expect(readFileSync(join(keysDir, CENTRE_SEALING_KEY_FILE), 'utf8')).toBe(centreSealingKey(TEST_SECRET).publicKey.export({ format: 'pem', type: 'spki' }));

    const again = await kioskctlAsync(['centre', 'enrol', centre.url, '--code', code, '--kiosk-id', KIOSK, '--keys-dir', keysDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/注册码无效、已使用或已过期 \/ The enrolment code is wrong, used or expired/);
  });

  it('an unreachable centre is exit 2 with the reason', async () => {
    const run = await kioskctlAsync(['centre', 'enrol', 'http://127.0.0.1:9', '--code', 'AAAA-BBBB-CCCC-DDDD', '--kiosk-id', 'LG-X-1', '--keys-dir', keysDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be reached/);
  });
});

describe('signed requests', () => {
  it('an enrolled kiosk is answered', async () => {
    const client = new CentreClient({ url: centre.url, kioskId: KIOSK, privateKey: loadSigningKey(keysDir).privateKey });
    expect((await client.ping()).kioskId).toBe(KIOSK);
  });

  it('a replayed request is refused, also by another centre server on the same database', async () => {
    const ping = rawPing(KIOSK);
    expect((await ping.send()).status).toBe(200);
    const replay = await ping.send();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'replay', message: { en: 'A replayed request was refused' } });
    const other = await startCentreInProcess(databaseUrl);
    try {
      const captured = rawPing(KIOSK);
      expect((await captured.send()).status).toBe(200);
      expect((await captured.send(other.url)).status).toBe(401);
    } finally {
      await other.close();
    }
    expect(await refusals('replay')).toBe(2);
  });

  it('an altered body, a stranger key, a clock 10 minutes off and a missing signature are refused and logged', async () => {
    expect((await rawPing(KIOSK, undefined, { body: '{"x":1}' }).send()).status).toBe(401);
    expect(await refusals('bad-signature')).toBe(1);

    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await rawPing(KIOSK, stranger).send()).status).toBe(401);
    expect(await refusals('bad-signature')).toBe(2);
    expect((await rawPing('LG-NOBODY-9', stranger).send()).status).toBe(401);
    expect(await refusals('unknown-kiosk')).toBe(1);

    const late = await rawPing(KIOSK, undefined, { now: Date.now() - 10 * 60_000 }).send();
    expect(await late.json()).toMatchObject({ error: 'clock-skew' });
    expect(await refusals('clock-skew')).toBe(1);

    const unsigned = await fetch(`${centre.url}${CENTRE_PATHS.facts}`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect(await refusals('unsigned')).toBe(1);
    expect(centre.logLines().filter((l) => l.msg === 'request refused').map((l) => l.reason)).toEqual(expect.arrayContaining(['bad-signature', 'unknown-kiosk', 'clock-skew', 'unsigned']));
  });

  it('a revoked kiosk is refused from the next request on', async () => {
    const client = new CentreClient({ url: centre.url, kioskId: KIOSK, privateKey: loadSigningKey(keysDir).privateKey });
    expect(await revokeKiosk(centre.pool, KIOSK)).toBe(true);
    const refused = await client.ping().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(CentreRefusedError);
    expect((refused as CentreRefusedError).refusal.error).toBe('revoked-kiosk');
    expect(await refusals('revoked-kiosk')).toBe(1);
  });
});

// Each centre process keeps the keys of the kiosks it has answered (parsed once); every
// request still proves, in the statement that records its nonce, that the key is the
// kiosk's current one: a new enrolment or a revocation counts from the next request.
describe('keys a centre process has in use', () => {
  const KIOSK_2 = 'LG-PH-02';
  const ping = (url: string, dir: string) => new CentreClient({ url, kioskId: KIOSK_2, privateKey: loadSigningKey(dir).privateKey }).ping().then(() => 'answered', (error: unknown) => (error as CentreRefusedError).refusal.error);

  it('a kiosk enrolled again with a new key, then revoked: both centre processes refuse at the very next request', async () => {
    const other = await startCentreInProcess(databaseUrl);
    try {
      const urls = [centre.url, other.url];
      const first = await enrolTestKiosk(centre.url, centre.pool, KIOSK_2, keysDir);
      for (const url of urls) expect(await ping(url, first.keysDir)).toBe('answered');

      const second = await enrolTestKiosk(centre.url, centre.pool, KIOSK_2, keysDir, join(keysDir, `${KIOSK_2}-new`));
      for (const url of urls) expect(await ping(url, first.keysDir)).toBe('bad-signature');
      for (const url of urls) expect(await ping(url, second.keysDir)).toBe('answered');

      expect(await revokeKiosk(centre.pool, KIOSK_2)).toBe(true);
      for (const url of urls) expect(await ping(url, second.keysDir)).toBe('revoked-kiosk');
    } finally {
      await other.close();
    }
  });
});
