/**
 * Registry figures (`npm run bench -- registry`), on a real file in a temporary folder:
 * - issuing a licence (submit + approve: credit-code allocation, three audit entries,
 *   two write transactions) with synchronous=FULL as the registry runs it, and with
 *   WAL's default NORMAL for comparison: p50/p99 per licence and licences per second;
 * - the same with a centre configured: every event also queued in the outbox, the
 *   operator's details sealed to the centre's X25519 key (core/centre/outbox.ts);
 * - `kioskctl audit verify`'s chain walk: entries per second over a 100,000-entry log;
 * - the grid inspectors' export: query + CSV for every licence issued here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditLog } from '../core/audit/audit-log';
import { writeCentreSealingKey } from '../core/centre/sealing-key-file';
import { licencesToCsv } from '../core/registry/grid-export';
import { licencesRegisteredSince } from '../core/registry/licences';
import { APPROVED, openRegistryIn, registration } from '../test/support/registry';

const LICENCES = 2_000;
const AUDIT_ENTRIES = 100_000;

const dir = mkdtempSync(join(tmpdir(), 'registry-bench-'));
try {
  benchIssuing('FULL');
  benchIssuing('FULL', 'with centre outbox');
  benchIssuing('NORMAL');
  benchVerify();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function benchIssuing(synchronous: 'FULL' | 'NORMAL', outbox?: 'with centre outbox'): void {
  const kioskDir = mkdtempSync(join(dir, 'issue-'));
  if (outbox) writeCentreSealingKey(join(kioskDir, 'keys'), generateKeyPairSync('x25519').publicKey.export({ format: 'pem', type: 'spki' }).toString());
  const r = openRegistryIn(kioskDir, outbox ? { centre: { url: 'http://127.0.0.1:5190' } } : {});
  r.db.pragma(`synchronous = ${synchronous}`); // the registry set FULL; NORMAL only to compare
  const times: number[] = [];
  const started = performance.now();
  for (let n = 0; n < LICENCES; n += 1) {
    const t = performance.now();
    r.registry.decide(r.registry.submit(registration(n)).id, APPROVED);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(
    `issue licence (synchronous=${synchronous}${outbox ? `, ${outbox}` : ''}): ${LICENCES} in ${Math.round(total)} ms, ` +
      `${Math.round((LICENCES / total) * 1000)}/s, p50 ${percentile(times, 0.5)} ms, p99 ${percentile(times, 0.99)} ms`,
  );
  if (synchronous === 'FULL' && !outbox) {
    const t = performance.now();
    const csv = licencesToCsv(licencesRegisteredSince(r.db, '2000-01-01'));
    console.log(`grid export: ${LICENCES} licences, ${Math.round(csv.length / 1024)} KiB CSV in ${(performance.now() - t).toFixed(1)} ms`);
  }
  r.db.close();
}

function benchVerify(): void {
  const r = openRegistryIn(mkdtempSync(join(dir, 'audit-')));
  r.db.transaction(() => {
    for (let n = 0; n < AUDIT_ENTRIES; n += 1) r.audit.append('licence.printed', { creditCode: `92440307K7${String(n).padStart(6, '0')}XX`, copies: 2 });
  })();
  const t = performance.now();
  const result = verifyAuditLog(r.db);
  const ms = performance.now() - t;
  if (!result.intact) throw new Error('the benchmark chain is broken');
  console.log(`audit verify: ${result.entries} entries in ${Math.round(ms)} ms, ${Math.round((result.entries / ms) * 1000)} entries/s`);
  r.db.close();
}

function percentile(sorted: readonly number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2);
}
