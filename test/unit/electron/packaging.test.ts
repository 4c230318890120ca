// The packaging and operating-system lockdown files: electron-builder's configuration
// and the systemd units that keep the kiosk running and relaunch it nightly.
import yaml from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const linux = join(root, 'packaging/linux');
const UNITS = ['miaopi-kiosk.service', 'miaopi-kiosk-relaunch.service', 'miaopi-kiosk-relaunch.timer'];
// Programs only the kiosk terminal has (docs/deployment.md installs them), not this machine.
const TERMINAL_ONLY = /Command \/usr\/bin\/(cage|chvt) is not executable/;

// A parse error in the file fails the test, as it would the build.

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  linux: { target: string[]; executableName: string };
  deb: { depends: string[] };
  win: { target: string[] };
}
const builder = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** A unit file as section -> key -> values (systemd keys may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!current || !pair) throw new Error(`not a unit-file line: ${line}`);
    current.set(pair[1]!, [...(current.get(pair[1]!) ?? []), pair[2]!]);
  }
  return sections;
}

function unit(name: string) {
  const parsed = parseUnit(readFileSync(join(linux, name), 'utf8'));
  return (section: string, key: string) => parsed.get(section)?.get(key) ?? [];
}

/** systemd's own diagnostics for the given unit files, minus the terminal-only programs. */
function systemdDiagnostics(files: string[]): string[] {
  const run = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
  if (run.error) throw new Error('systemd-analyze is missing: apt-get install systemd');
  return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '' && !TERMINAL_ONLY.test(l));
}

describe('the systemd units', () => {
  it('pass systemd-analyze verify', () => {
    expect(systemdDiagnostics(UNITS.map((name) => join(linux, name)))).toEqual([]);
  });

  it('would be caught by systemd-analyze if a setting were misspelt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'units-'));
    const broken = join(dir, 'miaopi-kiosk.service');
    copyFileSync(join(linux, 'miaopi-kiosk.service'), broken);
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('Restart=always', 'Restart=alwayz'));
    expect(systemdDiagnostics([broken]).join('\n')).toMatch(/restart specifier.*alwayz/);
  });

  it('restart the kiosk whenever it ends, for ever, as the kiosk user in its own session', () => {
    const kiosk = unit('miaopi-kiosk.service');
    expect(kiosk('Service', 'Restart')).toEqual(['always']);
    expect(kiosk('Unit', 'StartLimitIntervalSec')).toEqual(['0']);
    expect(kiosk('Service', 'User')).toEqual(['kiosk']);
    expect(kiosk('Service', 'PAMName')).toEqual(['login']);
    expect(kiosk('Service', 'ExecStart')[0]).toContain(`/usr/bin/${builder.linux.executableName} `);
    expect(kiosk('Install', 'WantedBy')).toEqual(['graphical.target']);
  });

  it('relaunch the kiosk every night at 03:30', () => {
    const timer = unit('miaopi-kiosk-relaunch.timer');
    expect(timer('Timer', 'OnCalendar')).toEqual(['*-*-* 03:30:00']);
    expect(timer('Install', 'WantedBy')).toEqual(['timers.target']);
    // A timer starts the service of its own name: that service restarts the kiosk.
    const relaunch = unit('miaopi-kiosk-relaunch.service');
    expect(relaunch('Service', 'ExecStart')).toEqual(['/usr/bin/systemctl try-restart miaopi-kiosk.service']);
  });
});

describe('electron-builder.yml', () => {
  it('builds an AppImage and a deb for Linux and an NSIS installer for Windows', () => {
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.win.target).toEqual(['nsis']);
    expect(builder.deb.depends).toEqual(expect.arrayContaining(['fonts-noto-cjk', 'cups']));
  });

  it('ships the build, the assets and the sample address database, and unpacks native code from the archive', () => {
    expect(builder.files).toEqual(expect.arrayContaining(['package.json', 'dist/**', 'assets/**']));
    expect(builder.asarUnpack).toEqual(
      expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/@serialport/bindings-cpp/**', 'dist/data/**']),
    );
  });
});
