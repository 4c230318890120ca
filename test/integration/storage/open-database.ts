/**
 * A process that opens (and so migrates) the kiosk database the moment GO_FILE appears:
 * `node --import tsx open-database.ts FILE GO_FILE`. Prints the schema version.
 */
import { existsSync, writeSync } from 'node:fs';
import { openDatabase, schemaVersion } from '../../../core/storage/database';

const [file, goFile] = process.argv.slice(2);
if (!file || !goFile) throw new Error('usage: open-database.ts FILE GO_FILE');
writeSync(1, 'ready\n');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(sleeper, 0, 0, 1);
const db = openDatabase(file);
writeSync(1, `${schemaVersion(db)}\n`);
db.close();
