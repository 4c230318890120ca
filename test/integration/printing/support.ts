/**
 * The print queue against the real drivers: ThermalPrinter on the emulated serial
 * binding in front of the ESC/POS emulator, LaserPrinter against the fake spooler; a
 * real registry on a SQLite file with approved licences; the real font and signing key.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocumentFont, type DocumentFont } from '../../../core/documents/document-font';
import { PrintQueue, type PrintSettings } from '../../../core/printing/print-queue';
import type { PrinterKind, PrinterTarget } from '../../../core/printing/printer-target';
import { LaserTarget, ThermalTarget } from '../../../core/printing/printer-adapters';
import { initSigningKey, type SigningKey } from '../../../core/signing/kiosk-keys';
import { emulatedBinding, type EmulatedBinding } from '../../../hardware/serial/emulated-binding';
import { EscPosEmulator } from '../../../hardware/thermal/escpos-emulator';
import { blocksQrPayloads, blocksText, type Slip } from '../../../hardware/thermal/paper-model';
import { ThermalPrinter } from '../../../hardware/thermal/thermal-printer';
import { LaserPrinter } from '../../../hardware/laser/laser-printer';
import { APPROVED, registration, type TestRegistry } from '../../support/registry';
import type { FakeSpooler } from './fake-spooler';

export const TEST_SETTINGS: PrintSettings = { licence: 'laser', paper: 'A4', fallbackToThermal: false, maxAttempts: 3, retryDelayMs: 20 };

let font: DocumentFont | undefined;
/** Read once per test file, as the kiosk reads it once at start. */
export function testFont(): DocumentFont {
  font ??= loadDocumentFont();
  return font;
}

export function testSigningKey(): SigningKey {
  return initSigningKey(mkdtempSync(join(tmpdir(), 'print-keys-'))).key;
}

export interface IssuedLicence {
  creditCode: string;
  applicationId: string;
}

/** Approves `count` registrations, as the approval step would. */
export function issueLicences(registry: TestRegistry, count: number, from = 0): IssuedLicence[] {
  return Array.from({ length: count }, (_, i) => {
    const application = registry.registry.submit(registration(from + i));
    const { licence } = registry.registry.decide(application.id, APPROVED);
    if (!licence) throw new Error('the test registration was not approved');
    return { creditCode: licence.creditCode, applicationId: application.id };
  });
}

export function createTestQueue(
  registry: TestRegistry,
  targets: Partial<Record<PrinterKind, PrinterTarget>>,
  settings: Partial<PrintSettings> = {},
  signingKey: SigningKey = testSigningKey(),
): PrintQueue {
  return new PrintQueue({
    db: registry.db,
    audit: registry.audit,
    registry: registry.registry,
    targets,
    documents: { font: testFont, signingKey },
    settings: { ...TEST_SETTINGS, ...settings },
  });
}

export interface EmulatedThermal {
  emulator: EscPosEmulator;
  printer: ThermalPrinter;
  target: ThermalTarget;
  plug: EmulatedBinding;
}

let ports = 0;

/** The real driver on the emulated binding, polling and reopening quickly so faults show at once. */
export async function emulatedThermal(): Promise<EmulatedThermal> {
  const emulator = new EscPosEmulator();
  const plug = emulatedBinding(`/dev/print-queue-test-${process.pid}-${ports++}`, emulator);
  const printer = new ThermalPrinter({ path: plug.path, binding: plug.binding, idlePollMs: 30, reopenIntervalMs: 30, statusTimeoutMs: 200 });
  await printer.open();
  return { emulator, printer, target: new ThermalTarget(printer), plug };
}

export async function laserOn(spooler: FakeSpooler, jobTimeoutMs = 5000): Promise<{ printer: LaserPrinter; target: LaserTarget }> {
  const printer = new LaserPrinter({ printerUri: spooler.uri, statusPollMs: 30, jobPollMs: 15, jobTimeoutMs });
  await printer.open();
  return { printer, target: new LaserTarget(printer, spooler.uri) };
}

/** Slips that came out whole (cut off) for this licence: its credit code printed on them. */
export function slipsOf(slips: readonly Slip[], creditCode: string): Slip[] {
  return slips.filter((slip) => blocksText(slip.blocks).includes(creditCode));
}

export function qrOf(slip: Slip): string {
  const [payload] = blocksQrPayloads(slip.blocks);
  if (!payload) throw new Error('the slip has no QR code');
  return payload;
}
