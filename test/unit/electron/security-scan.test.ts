// The static Electron security scan that `npm test` runs: it passes the shell as it
// is and would fail a shell that let the page reach Node.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanElectronSources, scanFailed } from '../../../scripts/security-scan';

describe('the Electronegativity scan (offline)', () => {
  it('finds nothing of high severity in the kiosk shell', async () => {
    const report = await scanElectronSources(join(import.meta.dirname, '../../../electron'));
    expect(report.checks).toBeGreaterThan(30);
    expect(report.parseErrors).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    expect(scanFailed(report)).toBe(false);
  });

  it('fails a window that gives the page Node and shares its context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'insecure-shell-'));
    writeFileSync(join(dir, 'main.ts'), [
      "import { BrowserWindow } from 'electron';",
      'export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
    ].join('\n'));
    const report = await scanElectronSources(dir);
    expect(report.findings.filter((f) => f.severity === 'HIGH').map((f) => f.id)).toEqual(
      expect.arrayContaining(['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
    );
    expect(scanFailed(report)).toBe(true);
  });
});
