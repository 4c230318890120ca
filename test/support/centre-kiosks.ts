/** A kiosk for centre tests: its own Ed25519 key in `dir`, enrolled at the centre through the real protocol. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { addKiosk } from '../../centre/kiosks';
import { CentreClient } from '../../core/centre/centre-client';
import { initSigningKey } from '../../core/signing/kiosk-keys';

export async function enrolTestKiosk(centreUrl: string, pool: pg.Pool, kioskId: string, parentDir: string, keysDir = join(parentDir, kioskId)): Promise<{ kioskId: string; keysDir: string; client: CentreClient }> {
  mkdirSync(keysDir, { recursive: true });
  const { key } = initSigningKey(keysDir);
  const { code } = await addKiosk(pool, kioskId);
  await CentreClient.enrol({ url: centreUrl, kioskId, privateKey: key.privateKey, publicKey: key.publicKey, code });
  return { kioskId, keysDir, client: new CentreClient({ url: centreUrl, kioskId, privateKey: key.privateKey }) };
}
