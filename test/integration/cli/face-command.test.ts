// kioskctl face compare and idcard validate, run as a technician would (the built CLI).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../core/face/image-file';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';
import { encodeBmp24 } from '../../support/bmp-writer';
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
    expect(run.stderr).toMatch(new RegExp(`no match: the distance 0\\.\\d{4} is above the threshold ${DEFAULT_FACE_SETTINGS.threshold}`));
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
    expect(notAnImage.stderr).toMatch(/not a JPEG, PNG or BMP file/);
    expect(kioskctl(['face', 'compare', '--threshold', 'loose', blank, blank], env).code).toBe(2);
  });
});

describe('kioskctl face compare with the card reader\'s BMP, and --pairs', () => {
  const bmp = (person: string, name: string) => {
    const file = join(dir, `${person}-${name}.bmp`);
    writeFileSync(file, encodeBmp24(decodeImage(readFileSync(picture(person, name)))));
    return file;
  };

  it('a 24-bit bottom-up BMP ID photo against a JPEG camera picture: match, exit 0', () => {
    const run = kioskctl(['face', 'compare', bmp('p6-3', 'id-plain'), picture('p6-3', 'live-recompressed')], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: match\n$/);
  });

  it('answers every pair of the CSV on its own line, a photo without a usable face included, and exits 0', () => {
    const blank = join(dir, 'pairs-blank.png');
    const png = new PNG({ width: 102, height: 126 });
    png.data.fill(200);
    writeFileSync(blank, PNG.sync.write(png));
    const idBmp = basename(bmp('p6-3', 'id-plain'));
    const rows = [
      [idBmp, picture('p6-3', 'live-plain')],
      [idBmp, picture('p6-4', 'live-plain')],
      ['pairs-blank.png', picture('p6-3', 'live-plain')],
      [idBmp, 'missing.jpg'],
    ];
    const csv = join(dir, 'pairs.csv');
    writeFileSync(csv, ['id_photo,live_photo', ...rows.map((r) => r.map((f) => `"${f}"`).join(','))].join('\r\n') + '\r\n');
    const run = kioskctl(['face', 'compare', '--pairs', csv, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id_photo, l.live_photo])).toEqual(rows);
    const threshold = DEFAULT_FACE_SETTINGS.threshold;
    expect(Object.keys(lines[0]!)).toEqual(['id_photo', 'live_photo', 'distance', 'match', 'threshold']);
    expect(lines[0]).toMatchObject({ match: true, threshold });
    expect(lines[1]).toMatchObject({ match: false, threshold });
    expect(lines[2]).toEqual({ id_photo: 'pairs-blank.png', live_photo: rows[2]![1], error: expect.stringMatching(/pairs-blank\.png: no usable face: no face found/) });
    expect(lines[3]).toEqual({ id_photo: idBmp, live_photo: 'missing.jpg', error: expect.stringMatching(/missing\.jpg: cannot read/) });
  });

  it('an unreadable CSV, or one without the header, is exit 2 with the reason', () => {
    const missing = kioskctl(['face', 'compare', '--pairs', join(dir, 'none.csv'), '--json'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.csv: cannot read/);
    const headless = join(dir, 'headless.csv');
    writeFileSync(headless, 'a.jpg,b.jpg\n');
    const noHeader = kioskctl(['face', 'compare', '--pairs', headless], env);
    expect(noHeader.code).toBe(2);
    expect(noHeader.stderr).toMatch(/the first line must be the header id_photo,live_photo/);
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
