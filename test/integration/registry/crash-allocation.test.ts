import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codesReported, contiguous, readRegistry, startIssuing, TEST_BLOCK } from './support';

describe('credit codes across a crash', () => {
  it('a kiosk process killed with SIGKILL mid-allocation, then restarted, never repeats a code', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
    const reported: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const kiosk = startIssuing(dir, 1_000_000);
      // Killed at an arbitrary moment: between, inside or while committing transactions.
      await codesReported(kiosk, 20 + Math.floor(Math.random() * 30));
      kiosk.child.kill('SIGKILL');
      expect((await kiosk.exited).signal).toBe('SIGKILL');
      reported.push(...kiosk.codes);
    }
    const restarted = startIssuing(dir, 25);
    expect((await restarted.exited).code).toBe(0);
    reported.push(...restarted.codes);

    expect(new Set(reported).size).toBe(reported.length);
    const stored = readRegistry(dir);
    // Every code reported before the kill was committed; at most one more per kill was
    // committed without being reported. None of them was handed out twice, none skipped.
    expect(stored.codes).toEqual(expect.arrayContaining(reported));
    expect(stored.codes.length - reported.length).toBeLessThanOrEqual(4);
    expect(stored.serials).toEqual(contiguous(TEST_BLOCK.start, stored.codes.length));
    expect(stored.audit).toMatchObject({ intact: true });
    expect(stored.audit.entries).toBe(stored.applications + 2 * stored.codes.length);
  });
});
