/**
 * `kioskctl licence render` prints a licence to files (the PDF, the thermal slip's
 * ESC/POS bytes) with a QR code signed by this kiosk's key; `kioskctl licence verify`
 * checks a scanned QR payload offline. Also registers `kioskctl keys`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { encodeSlip } from '../../hardware/thermal/slip-escpos';
import { DocumentFontError, loadDocumentFont } from '../documents/document-font';
import { Licence, sampleLicence } from '../documents/licence';
import { COPY_MARK, renderLicencePdf } from '../documents/licence-pdf';
import { licenceSlip } from '../documents/licence-slip';
import { printedName } from '../documents/licence-text';
import { pdfBytes, type PaperSize } from '../documents/pdf-document';
import { KeyFileError, keyringOf, readPublicKeyDir, readPublicKeyFile, type PublicKeyring } from '../signing/kiosk-keys';
import { signLicence, verifyStatement, type LicenceStatement } from '../signing/licence-statement';
import { payloadOfQrText } from '../../protocol/licence-statement';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { configuredKeysDir, openSigningKey, registerKeysCommands } from './keys-command';

interface RenderOptions {
  sample?: boolean;
  pdf?: string;
  size: PaperSize;
  escpos?: string;
  keys?: string;
  json?: boolean;
}

interface VerifyOptions {
  publicKey?: string;
  keys?: string;
  licence?: string;
  json?: boolean;
}

export function registerLicenceCommands(program: Command, io: CliIo): void {
  const licence = program.command('licence').description('licence documents and their signed QR codes');

  licence
    .command('render')
    .description('render a licence (a LICENCE.json file, or --sample) to a PDF and/or the thermal slip\'s ESC/POS bytes')
    .argument('[licence]', 'the licence as JSON (fields of core/documents/licence.ts)')
    .option('--sample', 'render the built-in sample licence instead of a file')
    .option('--pdf <file>', 'write the PDF here')
    .addOption(new Option('--size <size>', 'A4: the duplicate (副本); A3: the original (正本)').choices(['A4', 'A3']).default('A4'))
    .option('--escpos <file>', 'write the thermal slip\'s raw ESC/POS bytes here')
    .option('--keys <dir>', 'the key directory to sign with (default: <dataDir>/keys; created if absent)')
    .option('--json', 'machine-readable output')
    .action(async (file: string | undefined, options: RenderOptions) => {
      if (Boolean(file) === Boolean(options.sample)) usageError(io, 'give either a licence file or --sample');
      if (!options.pdf && !options.escpos) usageError(io, 'nothing to write: give --pdf and/or --escpos');
      const chosen = file ? readLicenceFile(io, file) : sampleLicence();

      const keysDir = options.keys ?? configuredKeysDir(io);
      const { key, created } = openSigningKey(io, keysDir);
      if (created) io.error(`created signing key ${key.keyId} in ${keysDir}`);
      const payload = signLicence(chosen, key);

      const written: { pdf?: string; escpos?: string } = {};
      if (options.pdf) {
        const font = loadFontOrExit(io);
        writeOrExit(io, options.pdf, await pdfBytes(renderLicencePdf(chosen, payload, { size: options.size, font })));
        written.pdf = options.pdf;
      }
      if (options.escpos) {
        writeOrExit(io, options.escpos, encodeSlip(licenceSlip(chosen, payload)));
        written.escpos = options.escpos;
      }
      const summary = { creditCode: chosen.creditCode, name: chosen.name, size: options.size, keyId: key.keyId, payload, ...written };
      const lines = [
        `${chosen.creditCode} ${printedName(chosen.name)}: signed with key ${key.keyId}`,
        ...(written.pdf ? [`  PDF ${options.size} 营业执照${COPY_MARK[options.size]} → ${written.pdf}`] : []),
        ...(written.escpos ? [`  thermal slip (ESC/POS, GB18030) → ${written.escpos}`] : []),
        `  QR payload ${payload}`,
      ];
      io.result(options.json ? summary : lines.join('\n'), options.json);
      io.exit(EXIT.ok);
    });

  licence
    .command('verify')
    .description('check a licence QR payload offline (exit 0 genuine, 1 altered, forged or unknown key, 2 no usable key)')
    .argument('<payload>', 'the text of the QR code (the payload, or the centre URL <centre>/v/<payload>), or - to read it from standard input')
    .option('--public-key <file>', 'the issuing kiosk\'s public key (PEM)')
    .option('--keys <dir>', 'a directory of public keys (*.pem) of several kiosks, picked by key id (default: this kiosk\'s <dataDir>/keys)')
    .option('--licence <file>', 'also check that the payload was made for exactly this licence (JSON)')
    .option('--json', 'machine-readable output')
    .action((payloadArgument: string, options: VerifyOptions) => {
      if (options.publicKey && options.keys) usageError(io, 'give --public-key or --keys, not both');
      // A QR code of a kiosk with a centre holds <centre>/v/<payload>: the payload part verifies alone.
      const payload = payloadOfQrText(payloadArgument === '-' ? readFileSync(0, 'utf8') : payloadArgument);
      if (!payload) usageError(io, 'the payload is empty');
      const keyring = loadKeyring(io, options);
      const expected = options.licence ? readLicenceFile(io, options.licence) : undefined;
      const check = verifyStatement(payload, keyring, expected);
      if (check.valid) {
        io.result(options.json ? { valid: true, ...check.statement } : describeStatement(check.statement), options.json);
        io.exit(EXIT.ok);
      }
      if (options.json) io.result({ valid: false, problem: check.problem, message: check.message, statement: check.statement ?? null }, true);
      io.error(`not valid: ${check.message}`);
      io.exit(EXIT.negative);
    });

  registerKeysCommands(program, io);
}

function describeStatement(statement: LicenceStatement): string {
  const rows: [string, string][] = [
    ['统一社会信用代码', statement.creditCode],
    ['名称', printedName(statement.name)],
    ['注册日期', statement.registrationDate],
    ['字段摘要', statement.digest],
  ];
  // A terminal shows a Chinese character two columns wide.
  const columns = (text: string): number => Array.from(text).reduce((n, c) => n + (c.charCodeAt(0) < 0x80 ? 1 : 2), 0);
  return [`valid: signed by kiosk ${statement.kioskId} with key ${statement.keyId}`, ...rows.map(([label, value]) => `  ${label}${' '.repeat(18 - columns(label))}${value}`)].join('\n');
}

function loadKeyring(io: CliIo, options: VerifyOptions): PublicKeyring {
  try {
    if (options.publicKey) return keyringOf(readPublicKeyFile(options.publicKey));
    const dir = options.keys ?? configuredKeysDir(io);
    const keyring = readPublicKeyDir(dir);
    if (keyring.size === 0) usageError(io, `no public keys in ${dir}: give --public-key FILE or --keys DIR`);
    return keyring;
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    return usageError(io, error.message);
  }
}

/** A licence JSON file: unreadable is exit 2, invalid exit 1 naming the fields. */
function readLicenceFile(io: CliIo, file: string): Licence {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    usageError(io, `cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const parsed = Licence.safeParse(raw);
  if (parsed.success) return parsed.data;
  io.error(`${file} is not a valid licence:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n')}`);
  return io.exit(EXIT.negative);
}

function loadFontOrExit(io: CliIo): ReturnType<typeof loadDocumentFont> {
  try {
    return loadDocumentFont();
  } catch (error) {
    if (!(error instanceof DocumentFontError)) throw error;
    return usageError(io, error.message);
  }
}

function writeOrExit(io: CliIo, file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    usageError(io, `cannot write ${file}: ${(error as Error).message}`);
  }
}

function usageError(io: CliIo, message: string): never {
  io.error(`kioskctl: ${message}`);
  return io.exit(EXIT.usage);
}
