import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../core/storage/database';

const OPENER = join(import.meta.dirname, 'open-database.ts');
const LATEST = Math.max(...MIGRATIONS.map((migration) => migration.version));

function opener(file: string, go: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', OPENER, file, go], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('ready') && resolve()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { ready, exited };
}

describe('a new kiosk database opened by several processes at once', () => {
  it('is migrated once: every process opens it at the latest version', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-open-'));
    try {
      for (let round = 0; round < 3; round += 1) {
        const file = join(dir, `kiosk-${round}.sqlite`);
        const go = join(dir, `go-${round}`);
        const processes = Array.from({ length: 4 }, () => opener(file, go));
        await Promise.race([Promise.all(processes.map((p) => p.ready)), ...processes.map((p) => p.exited)]);
        writeFileSync(go, '');
        for (const exit of await Promise.all(processes.map((p) => p.exited))) {
          expect(exit, exit.stderr).toMatchObject({ code: 0 });
          expect(exit.stdout.trim().split('\n').at(-1)).toBe(String(LATEST));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
