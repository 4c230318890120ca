import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contiguous, interleavings, readRegistry, startIssuing, TEST_BLOCK } from './support';

describe('credit codes from several kiosk processes on one database', () => {
  it('never hands out the same code twice, and leaves no gap', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-concurrent-'));
    const go = join(dir, 'go');
    const workers = Array.from({ length: 4 }, () => startIssuing(dir, 60, go));
    // A process that dies before it is ready fails the test now, with its stderr, instead of leaving the rest waiting.
    await Promise.race([Promise.all(workers.map((worker) => worker.ready)), ...workers.map((worker) => worker.exited)]);
    writeFileSync(go, '');
    const exits = await Promise.all(workers.map((worker) => worker.exited));
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });

    // The processes really did take turns on the same counter.
    expect(workers.reduce((sum, worker) => sum + interleavings(worker.codes), 0)).toBeGreaterThan(10);
    const reported = workers.flatMap((worker) => worker.codes);
    expect(reported).toHaveLength(240);
    expect(new Set(reported).size).toBe(240);
    const stored = readRegistry(dir);
    expect(stored.codes).toEqual([...reported].sort());
    expect(stored.serials).toEqual(contiguous(TEST_BLOCK.start, 240));
    expect(stored.audit).toMatchObject({ intact: true, entries: 240 * 3 });
  });
});
