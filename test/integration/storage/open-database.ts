/**
 * A process that opens (and so migrates) new kiosk databases the moment GO_FILE appears:
 * `node --import tsx open-database.ts DIR COUNT GO_FILE` opens DIR/kiosk-0.sqlite …
 * DIR/kiosk-(COUNT-1).sqlite in turn and prints each one's schema version. Several such
 * processes started together collide on every file, as kiosk and kioskctl can on a new one.
 */
import { existsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../../core/storage/database';

const [dir, count, goFile] = process.argv.slice(2);
if (!dir || !count || !goFile) throw new Error('usage: open-database.ts DIR COUNT GO_FILE');
writeSync(1, 'ready\n');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(sleeper, 0, 0, 1);
for (let i = 0; i < Number(count); i += 1) {
  const db = openDatabase(join(dir, `kiosk-${i}.sqlite`));
  writeSync(1, `${schemaVersion(db)}\n`);
  db.close();
}
