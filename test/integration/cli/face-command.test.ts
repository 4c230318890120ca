// kioskctl face compare and idcard validate, run as a technician would (the built CLI).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';
import { kioskctl } from '../../support/cli';
import { ensureSampleSet, type SampleSet } from '../../support/face-samples';

const dir = mkdtempSync(join(tmpdir(), 'kioskctl-face-'));
// No kiosk.json there: the configured threshold is the default.
const env = { XDG_DATA_HOME: join(dir, 'data'), KIOSK_CONFIG: '' };
let set: SampleSet;

beforeAll(async () => {
  set = await ensureSampleSet('quick');
}, 180_000);

function picture(person: string, name: string): string {
  const found = set.people.find((p) => p.id === person);
  const file = [...(found?.idPhotos ?? []), ...(found?.liveFrames ?? [])].find((f) => basename(f).startsWith(`${name}.`));
  if (!file) throw new Error(`no ${person}/${name} in the sample set`);
  return file;
}

describe('kioskctl face compare', () => {
  it('the same person, JPEG ID photo against a PNG camera picture: match, exit 0', () => {
    const run = kioskctl(['face', 'compare', picture('p6-3', 'id-tilt-flat'), picture('p6-3', 'live-plain')], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^distance 0\\.\\d{4}, threshold ${DEFAULT_FACE_SETTINGS.threshold}: match\\n$`));
  });

  it('someone else, against a JPEG camera picture, as JSON: no match, exit 1 with the reason on stderr', () => {
    const run = kioskctl(['face', 'compare', '--json', picture('p6-4', 'id-plain'), picture('p6-3', 'live-recompressed')], env);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['distance', 'match', 'threshold']);
    expect(result).toMatchObject({ match: false, threshold: DEFAULT_FACE_SETTINGS.threshold });
    expect(result.distance).toBeGreaterThan(DEFAULT_FACE_SETTINGS.threshold);
    expect(run.stderr).toMatch(/no match: the distance 0\.\d{4} is above the threshold 0\.45/);
  });

  it('--threshold decides at the given distance; the configured one otherwise, also from the environment', () => {
    const same = [picture('p6-3', 'id-plain'), picture('p6-3', 'live-plain')];
    const strict = kioskctl(['face', 'compare', '--json', '--threshold', '0.05', ...same], env);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ match: false, threshold: 0.05 });
    const configured = kioskctl(['face', 'compare', '--json', ...same], { ...env, KIOSK__FACE__THRESHOLD: '0.15' });
    expect(JSON.parse(configured.stdout)).toMatchObject({ match: false, threshold: 0.15 });
  });

  it('no usable face, an unreadable file or a bad option is exit 2 with the reason', () => {
    const blank = join(dir, 'blank.png');
    const png = new PNG({ width: 102, height: 126 });
    png.data.fill(200);
    writeFileSync(blank, PNG.sync.write(png));
    const noFace = kioskctl(['face', 'compare', blank, picture('p6-3', 'live-plain')], env);
    expect(noFace.code).toBe(2);
    expect(noFace.stderr).toMatch(/blank\.png: no usable face: no face found/);
    const missing = kioskctl(['face', 'compare', join(dir, 'missing.jpg'), picture('p6-3', 'live-plain')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.jpg: cannot read/);
    const notAnImage = kioskctl(['face', 'compare', join(process.cwd(), 'assets', 'public', 'emblem.svg'), picture('p6-3', 'live-plain')], env);
    expect(notAnImage.code).toBe(2);
    expect(notAnImage.stderr).toMatch(/not a JPEG or PNG file/);
    expect(kioskctl(['face', 'compare', '--threshold', 'loose', blank, blank], env).code).toBe(2);
  });
});

describe('kioskctl idcard validate', () => {
  it('a valid number exits 0 with what it encodes', () => {
    const run = kioskctl(['idcard', 'validate', '34052419800101001X']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('34052419800101001X: valid (born 1980-01-01, male, region 340524)\n');
  });

  it('an invalid number exits 1 with describeIdProblem\'s reason, in Chinese on request', () => {
    const run = kioskctl(['idcard', 'validate', '340524198001010013', '--lang', 'zh-CN']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('身份证号码校验不通过');
  });

  it('--json gives the problem as data without suggesting the "right" check character', () => {
    const run = kioskctl(['idcard', 'validate', '--json', '340524198001010013']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      problem: { code: 'bad-check-character', actual: '3' },
      message: expect.stringContaining('does not add up'),
    });
    const ok = kioskctl(['idcard', 'validate', '--json', '34052419800101001x']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, idNumber: { normalized: '34052419800101001X', sex: 'male', birthDate: '1980-01-01' } });
  });

  it('a birth date in the future is invalid', () => {
    const run = kioskctl(['idcard', 'validate', '--json', '340524209901010016']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ problem: { code: 'bad-birth-date', why: 'in-the-future' } });
  });
});
