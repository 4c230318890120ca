/**
 * The print queue as the kiosk core runs it: on the device manager's printers, with the
 * kiosk's signing key and the document font, loaded once on first use or by preload().
 */
import type { LaserPrinter } from '../../hardware/laser/laser-printer';
import type { ThermalPrinter } from '../../hardware/thermal/thermal-printer';
import type { AuditLog } from '../audit/audit-log';
import type { KioskConfig } from '../config/schema';
import { loadDocumentFont, type DocumentFont } from '../documents/document-font';
import { preloadDocuments } from '../documents/preload-documents';
import type { Logger } from '../log';
import type { Registry } from '../registry/registry';
import type { SigningKey } from '../signing/kiosk-keys';
import type { KioskDatabase } from '../storage/database';
import { LaserTarget, ThermalTarget } from './printer-adapters';
import { PrintQueue } from './print-queue';

export interface KioskPrinters {
  thermalPrinter(): ThermalPrinter;
  laserPrinter(): LaserPrinter;
  laserPrinterUri(): string;
}

export interface KioskPrintQueueParts {
  db: KioskDatabase;
  audit: AuditLog;
  registry: Pick<Registry, 'licence'>;
  devices: KioskPrinters;
  settings: KioskConfig['printing'];
  signingKey: SigningKey;
  /** The configured centre's URL, if any: the licence QR codes point to its public check. */
  centreUrl?: string | null;
  logger: Logger;
}

export interface KioskPrintQueue {
  queue: PrintQueue;
  /** Reads the font and renders one unseen licence, so the first applicant does not wait for that. */
  preload(): Promise<void>;
}

export function createKioskPrintQueue({ devices, settings, signingKey, centreUrl, logger, ...parts }: KioskPrintQueueParts): KioskPrintQueue {
  let font: DocumentFont | undefined;
  const documentFont = (): DocumentFont => (font ??= loadDocumentFont());
  const queue = new PrintQueue({
    ...parts,
    targets: {
      laser: new LaserTarget(devices.laserPrinter(), devices.laserPrinterUri()),
      thermal: new ThermalTarget(devices.thermalPrinter()),
    },
    documents: { font: documentFont, signingKey, centreUrl: centreUrl ?? null },
    settings,
    logger,
  });
  return {
    queue,
    async preload() {
      await preloadDocuments(documentFont());
    },
  };
}
