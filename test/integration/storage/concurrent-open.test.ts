import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../core/storage/database';

const OPENER = join(import.meta.dirname, 'open-database.ts');
const LATEST = Math.max(...MIGRATIONS.map((migration) => migration.version));

const PROCESSES = 6;
const DATABASES = 25;

function opener(dir: string, go: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', OPENER, dir, String(DATABASES), go], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('ready') && resolve()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { ready, exited };
}

describe('a new kiosk database opened by several processes at once', () => {
  it('is switched to WAL and migrated once: every process opens it at the latest version', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-open-'));
    try {
      const go = join(dir, 'go');
      const processes = Array.from({ length: PROCESSES }, () => opener(dir, go));
      await Promise.race([Promise.all(processes.map((p) => p.ready)), ...processes.map((p) => p.exited)]);
      writeFileSync(go, '');
      for (const exit of await Promise.all(processes.map((p) => p.exited))) {
        expect(exit, exit.stderr).toMatchObject({ code: 0 });
        expect(exit.stdout.trim().split('\n').slice(1)).toEqual(Array(DATABASES).fill(String(LATEST)));
      }
      for (let i = 0; i < DATABASES; i += 1) {
        const db = new Database(join(dir, `kiosk-${i}.sqlite`), { readonly: true });
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
