import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleLicence } from '../../../core/documents/licence';
import { decodeEscPos } from '../../../hardware/thermal/escpos-decoder';
import { blocksQrPayloads, blocksText } from '../../../hardware/thermal/paper-model';
import { kioskctl } from '../../support/cli';
import { pdfInfo, pdfText, scanQrCodes } from './poppler';

const root = mkdtempSync(join(tmpdir(), 'licence-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A kiosk of its own: its data folder (and so its keys) in a fresh temporary folder. */
function kiosk(name: string): { dataDir: string; env: NodeJS.ProcessEnv; keysDir: string } {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  // XDG_DATA_HOME too, so no kiosk.json of this machine's user-data folder is read.
  return { dataDir, env: { XDG_DATA_HOME: dataDir, KIOSK__DATA_DIR: dataDir }, keysDir: join(dataDir, 'keys') };
}

function alterOneCharacter(payload: string, at: number): string {
  const char = payload.charAt(at);
  return payload.slice(0, at) + (char === 'A' ? 'B' : 'A') + payload.slice(at + 1);
}

describe('kioskctl licence render and verify (the Done-when of issue 6)', () => {
  const longgang = kiosk('longgang');
  const pdf = join(root, 'x.pdf');

  it('renders the sample licence; its QR code scans and verifies (exit 0), and one changed character fails (exit 1)', () => {
    const render = kioskctl(['licence', 'render', '--sample', '--pdf', pdf], longgang.env);
    expect(render.code, render.stderr).toBe(0);
    expect(render.stderr).toMatch(/created signing key [0-9a-f]{8}/);
    expect(pdfInfo(pdf).pages).toBe(1);

    const [payload = ''] = scanQrCodes(pdf);
    const verified = kioskctl(['licence', 'verify', payload], longgang.env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('valid');
    expect(verified.stdout).toContain(sampleLicence().creditCode);
    expect(verified.stdout).toContain('深圳市龙岗区精锐图文设计店');

    for (const at of [20, payload.length - 30, payload.length - 1]) {
      const altered = kioskctl(['licence', 'verify', alterOneCharacter(payload, at)], longgang.env);
      expect(altered.code, `changed at ${at}`).toBe(1);
      expect(altered.stderr).toMatch(/not valid/);
    }
  });

  it('uses the kiosk key it created, never a new one: the key files stay as they were', () => {
    const before = readdirSync(longgang.keysDir).sort();
    expect(statSync(join(longgang.keysDir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    const again = kioskctl(['licence', 'render', '--sample', '--pdf', join(root, 'y.pdf')], longgang.env);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/created/);
    expect(readdirSync(longgang.keysDir).sort()).toEqual(before);
  });

  it('verifies with one public key file, or with a directory of several kiosks\' keys', () => {
    const [payload = ''] = scanQrCodes(pdf);
    const [publicKey = ''] = readdirSync(longgang.keysDir).filter((f) => f.endsWith('.pub.pem'));
    expect(kioskctl(['licence', 'verify', payload, '--public-key', join(longgang.keysDir, publicKey)]).code).toBe(0);

    const futian = kiosk('futian');
    expect(kioskctl(['keys', 'init'], futian.env).code).toBe(0);
    const verifiers = join(root, 'verifiers');
    mkdirSync(verifiers);
    for (const dir of [longgang.keysDir, futian.keysDir]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.pub.pem'))) copyFileSync(join(dir, file), join(verifiers, file));
    }
    const json = kioskctl(['licence', 'verify', payload, '--keys', verifiers, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, creditCode: sampleLicence().creditCode, kioskId: 'LG-PH-01', registrationDate: '2019-03-20' });

    // Futian's key alone does not vouch for a Longgang licence.
    const wrongKey = kioskctl(['licence', 'verify', payload, '--keys', futian.keysDir, '--json']);
    expect(wrongKey.code).toBe(1);
    expect(JSON.parse(wrongKey.stdout)).toMatchObject({ valid: false, problem: 'unknown-key' });
  });

  it('reads the payload from standard input with -, as piped from a scanner', () => {
    const [payload = ''] = scanQrCodes(pdf);
    const run = spawnSync(process.execPath, [join(process.cwd(), 'bin', 'kioskctl.cjs'), 'licence', 'verify', '-'], { input: `${payload}\n`, encoding: 'utf8', env: { ...process.env, ...longgang.env } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(sampleLicence().creditCode);
  });

  it('a QR code holding the centre URL <centre>/v/<payload> verifies offline by its payload part', () => {
    const [payload = ''] = scanQrCodes(pdf);
    const url = `https://centre.example:5190/v/${payload}`;
    const verified = kioskctl(['licence', 'verify', url], longgang.env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(sampleLicence().creditCode);
    const altered = kioskctl(['licence', 'verify', alterOneCharacter(url, url.length - 30)], longgang.env);
    expect(altered.code).toBe(1);
    expect(altered.stderr).toMatch(/not valid/);
  });

  it('with --licence, also checks the payload was made for exactly that licence', () => {
    const [payload = ''] = scanQrCodes(pdf);
    const same = join(root, 'same.json');
    const other = join(root, 'other.json');
    writeFileSync(same, JSON.stringify(sampleLicence()));
    writeFileSync(other, JSON.stringify({ ...sampleLicence(), operatorName: '李四' }));
    expect(kioskctl(['licence', 'verify', payload, '--licence', same], longgang.env).code).toBe(0);
    const differs = kioskctl(['licence', 'verify', payload, '--licence', other], longgang.env);
    expect(differs.code).toBe(1);
    expect(differs.stderr).toMatch(/fields differ/);
  });

  it('answers 2 when it has no usable key or no payload', () => {
    const empty = kiosk('no-keys');
    expect(kioskctl(['licence', 'verify', 'MP1.x'], empty.env).code).toBe(2);
    expect(kioskctl(['licence', 'verify', 'MP1.x', '--public-key', join(root, 'missing.pem')]).code).toBe(2);
    expect(kioskctl(['licence', 'verify', '  '], longgang.env).code).toBe(2);
  });
});

describe('kioskctl licence render', () => {
  const kioskEnv = kiosk('render').env;

  it('renders a licence file as the A3 original', () => {
    const file = join(root, 'licence.json');
    writeFileSync(file, JSON.stringify({ ...sampleLicence(), name: null }));
    const out = join(root, 'a3.pdf');
    const run = kioskctl(['licence', 'render', file, '--pdf', out, '--size', 'A3', '--json'], kioskEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ size: 'A3', pdf: out, name: null });
    expect(Math.round(pdfInfo(out).widthPt)).toBe(1191);
    expect(pdfText(out, 'raw').replace(/\s/g, '')).toContain('正本');
  });

  it('writes the thermal slip as ESC/POS bytes the printer prints with the same signed QR code', () => {
    const bin = join(root, 'slip.bin');
    const run = kioskctl(['licence', 'render', '--sample', '--escpos', bin, '--json'], kioskEnv);
    expect(run.code, run.stderr).toBe(0);
    const { payload } = JSON.parse(run.stdout) as { payload: string };
    const decoded = decodeEscPos(new Uint8Array(readFileSync(bin)));
    expect(decoded.errors).toEqual([]);
    const blocks = decoded.slips[0]?.blocks ?? [];
    expect(blocksText(blocks)).toContain(sampleLicence().creditCode);
    expect(blocksQrPayloads(blocks)).toEqual([payload]);
    expect(kioskctl(['licence', 'verify', payload], kioskEnv).code).toBe(0);
  });

  it('refuses an invalid licence (exit 1, naming the field) and an unreadable one (exit 2)', () => {
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...sampleLicence(), creditCode: '92440307MA5G8K2L3D' }));
    const invalid = kioskctl(['licence', 'render', bad, '--pdf', join(root, 'bad.pdf')], kioskEnv);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/creditCode/);
    writeFileSync(join(root, 'broken.json'), '{');
    expect(kioskctl(['licence', 'render', join(root, 'broken.json'), '--pdf', join(root, 'b.pdf')], kioskEnv).code).toBe(2);
  });

  it('is a usage error (exit 2) without a licence, or with nothing to write', () => {
    expect(kioskctl(['licence', 'render', '--pdf', join(root, 'n.pdf')], kioskEnv).code).toBe(2);
    expect(kioskctl(['licence', 'render', '--sample'], kioskEnv).code).toBe(2);
    expect(kioskctl(['licence', 'render', '--sample', '--pdf', join(root, 'n.pdf'), '--size', 'A5'], kioskEnv).code).toBe(2);
  });
});

describe('kioskctl keys init', () => {
  it('creates the pair once (private key 0600) and leaves it alone afterwards', () => {
    const dir = join(root, 'init-keys');
    const first = kioskctl(['keys', 'init', '--dir', dir, '--json']);
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout) as { created: boolean; keyId: string; privateKeyFile: string };
    expect(created.created).toBe(true);
    expect(statSync(created.privateKeyFile).mode & 0o777).toBe(0o600);
    const privateKey = readFileSync(created.privateKeyFile, 'utf8');

    const second = kioskctl(['keys', 'init', '--dir', dir]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`signing key ${created.keyId} already in ${dir}; left unchanged`);
    expect(readFileSync(created.privateKeyFile, 'utf8')).toBe(privateKey);
  });
});
