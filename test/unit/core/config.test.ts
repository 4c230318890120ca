import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../core/config/load';

const userDataDir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));

function writeConfig(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kiosk-cfg-')), 'kiosk.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs on simulated hardware with an embedded database in the user-data folder by default', () => {
    const loaded = loadConfig({ userDataDir, env: {} });
    expect(loaded.file).toBeNull();
    expect(Object.values(loaded.config.devices).map((d) => d.driver)).toEqual(['simulator', 'simulator', 'simulator', 'simulator']);
    expect(loaded.databasePath).toBe(join(userDataDir, 'kiosk.sqlite'));
  });

  it('reads kiosk.json from the user-data folder when it is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-ud-'));
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ kioskId: 'LG-PH-01' }));
    expect(loadConfig({ userDataDir: dir, env: {} }).config.kioskId).toBe('LG-PH-01');
  });

  it('lets the environment override any field', () => {
    const file = writeConfig({ kioskId: 'LG-PH-01' });
    const loaded = loadConfig({
      userDataDir,
      env: {
        KIOSK_CONFIG: file,
        KIOSK__HOST__PORT: '6001',
        KIOSK__DEVICES__THERMAL: '{"driver":"escpos-serial","path":"/dev/ttyUSB0"}',
        KIOSK__DEVICES__THERMAL__BAUD_RATE: '9600',
        KIOSK__UI__REFERRAL_COUNTER: '3',
      },
    });
    expect(loaded.config.kioskId).toBe('LG-PH-01');
    expect(loaded.config.ui.referralCounter).toBe('3');
    expect(loaded.config.host.port).toBe(6001);
    expect(loaded.config.devices.thermal).toEqual({ driver: 'escpos-serial', path: '/dev/ttyUSB0', baudRate: 9600 });
  });

  it('names the field and the expected value when a file is wrong', () => {
    const file = writeConfig({ devices: { thermal: { driver: 'escpos-serial' } }, host: { port: 'eighty' } });
    const error = problemsOf(() => loadConfig({ file, userDataDir, env: {} }));
    expect(error.kind).toBe('invalid');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { field: 'devices.thermal.path', message: 'missing: expected string' },
        { field: 'host.port', message: 'expected number, got "eighty"' },
      ]),
    );
    expect(error.message).toContain(file);
  });

  it('lists the allowed drivers for an unknown one', () => {
    const file = writeConfig({ devices: { laser: { driver: 'fax' } } });
    const [problem] = problemsOf(() => loadConfig({ file, userDataDir, env: {} })).problems;
    expect(problem?.field).toBe('devices.laser.driver');
    expect(problem?.message).toMatch(/simulator.*ipp/);
  });

  it('catches a misspelt setting instead of ignoring it', () => {
    const file = writeConfig({ devcies: {} });
    expect(problemsOf(() => loadConfig({ file, userDataDir, env: {} })).problems[0]).toMatchObject({ field: 'devcies', message: expect.stringContaining('unknown setting') });
  });

  it('names the environment variable when an override is wrong', () => {
    const error = problemsOf(() => loadConfig({ userDataDir, env: { KIOSK__UI__INACTIVITY_TIMEOUT_SECONDS: '3' } }));
    expect(error.message).toContain('KIOSK__UI__INACTIVITY_TIMEOUT_SECONDS');
    expect(error.problems[0]?.field).toBe('ui.inactivityTimeoutSeconds');
  });

  it('says a file is unreadable rather than invalid when it is not JSON', () => {
    const error = problemsOf(() => loadConfig({ file: writeConfig('{ kioskId: '), userDataDir, env: {} }));
    expect(error.kind).toBe('unreadable');
    expect(error.problems[0]?.message).toMatch(/not valid JSON/);
  });
});
