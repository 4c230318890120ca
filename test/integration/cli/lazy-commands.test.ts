// A technician's quick command answers without loading what other commands need
// (face networks, PDF, SQLite, serial ports), which took most of a second.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const HEAVY = ['@vladmandic/face-api', '@tensorflow/tfjs', 'better-sqlite3', 'pdfkit', 'fontkit', 'serialport', '@serialport/stream', 'pino'];

/** The packages under node_modules that kioskctl loaded to run `args`. */
function packagesLoadedBy(args: string[]): { code: number | null; packages: string[] } {
  if (!existsSync('dist/cli/kioskctl.cjs')) throw new Error('kioskctl is not built: run `npm run build` first');
  const script = `
    require('./dist/cli/kioskctl.cjs').runCli(${JSON.stringify(args)}).then((code) => {
      const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean);
      process.stderr.write('\\nLOADED ' + JSON.stringify([...new Set(names)]));
      process.exitCode = code;
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  const loaded = /LOADED (.*)$/.exec(run.stderr)?.[1];
  if (!loaded) throw new Error(`kioskctl failed: ${run.stderr}`);
  return { code: run.status, packages: JSON.parse(loaded) as string[] };
}

describe('kioskctl loads a command’s modules only when that command runs', () => {
  it('`idcard validate` answers without loading face, PDF, SQLite or serial libraries', () => {
    const { code, packages } = packagesLoadedBy(['idcard', 'validate', '34052419800101001X']);
    expect(code).toBe(0);
    expect(packages).toContain('commander');
    expect(packages.filter((name) => HEAVY.some((heavy) => name.startsWith(heavy)))).toEqual([]);
  });

  it('`--help` still lists every command', () => {
    const run = spawnSync(process.execPath, ['bin/kioskctl.cjs', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    for (const command of ['config', 'idcard', 'face', 'licence', 'keys', 'address', 'uscc', 'audit', 'registry', 'print', 'rules', 'maintenance', 'sim']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});
