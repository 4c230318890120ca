// Nothing biometric reaches the disk or the logs: a whole verification runs in a child
// process with a fresh HOME, TMPDIR and working folder, logging at the most verbose
// level with the photo, frames and descriptors passed to the logger on purpose.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSampleSet, type SampleSet } from '../../support/face-samples';

const root = mkdtempSync(join(tmpdir(), 'face-privacy-'));
const dirs = { home: join(root, 'home'), tmp: join(root, 'tmp'), cwd: join(root, 'cwd') };
let set: SampleSet;
let run: { status: number | null; stdout: string; stderr: string };
let filesBefore: Map<string, string>;
let filesAfter: Map<string, string>;

/** Every file under the folders with its size and modification time. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const stat = statSync(path);
        files.set(relative(root, path), `${stat.size}@${stat.mtimeMs}`);
      }
    }
  };
  walk(root);
  return files;
}

beforeAll(async () => {
  set = await ensureSampleSet('quick');
  Object.values(dirs).forEach((dir) => mkdirSync(dir));
  const person = set.people.find((p) => p.id === 'p6-3');
  if (!person) throw new Error('p6-3 missing from the sample set');
  const live = person.liveFrames.filter((f) => /live-(plain|recompressed|tilt-left)\./.test(f));
  filesBefore = snapshot();
  const child = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(require.resolve('tsx')).href, join(process.cwd(), 'test', 'support', 'face-verification-child.ts'), person.idPhotos[0]!, ...live],
    {
      cwd: dirs.cwd,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        HOME: dirs.home,
        TMPDIR: dirs.tmp,
        XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
        XDG_CACHE_HOME: join(dirs.home, '.cache'),
        XDG_CONFIG_HOME: join(dirs.home, '.config'),
        // tsx would otherwise cache compiled sources in TMPDIR: not biometric, but not this test's business.
        TSX_DISABLE_CACHE: '1',
      },
    },
  );
  run = { status: child.status, stdout: child.stdout, stderr: child.stderr };
  filesAfter = snapshot();
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('privacy of a face verification', () => {
  it('the verification ran to a decision and wiped the ID photo\'s descriptor at the end', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^RESULT \{"phase":"matched","wiped":true\}$/m);
  });

  it('no file appeared or changed in HOME, TMPDIR or the working folder', () => {
    expect(filesAfter).toEqual(filesBefore);
    expect(filesAfter.size).toBe(0);
  });

  it('the log holds no descriptor, no pixels and no landmark list, only decisions and numbers about them', () => {
    const log = run.stdout;
    // None of these keys is on a list: they are recognised by their names' pattern, at any depth.
    expect(log).toContain('"holder":{"idPhoto":"[removed]","faceDescriptor":"[removed]"}');
    expect(log).toContain('"vector":"[removed]"');
    expect(log).toContain('"step":{"liveFrame":"[removed]","liveDescriptor":"[removed]"}');
    expect(log).not.toMatch(/(-?\d+(\.\d+)?(e-?\d+)?\s*,\s*){16}/);
    expect(log).not.toMatch(/"\d+":-?\d/);
    expect(log).toContain('"distance":');
  });
});
