/**
 * The technicians' maintenance mode in the core. MaintenanceDoor decides who is in;
 * this service carries out what they ask, each call only with the open token:
 * device status and test prints, a masked test read of the ID reader, the print queue
 * (retry, cancel, reprint with a reason), counters, versions, the redacted log export,
 * and leaving the kiosk for the desktop. Every action is in the audit log.
 */
import type { DeviceStatus } from '../../hardware/device';
import type { IdCardText } from '../../hardware/idcard/card-text';
import type { SlipJob } from '../../hardware/thermal/slip-job';
import type { AuditLog } from '../audit/audit-log';
import type {
  AuditEntryView,
  Counters,
  Granted,
  IdCardTestResult,
  LogsExportResult,
  MaintenanceOverview,
  PrinterName,
  QueueJobView,
  QueueActionResult,
  TestPrintResult,
} from '../contract';
import type { DocumentFont } from '../documents/document-font';
import type { PrintJob } from '../printing/print-job-store';
import type { PrintRequestProblem } from '../printing/print-queue';
import type { KioskDatabase } from '../storage/database';
import { maskedCard } from './card-mask';
import { readCounters } from './counters';
import { exportAuditLog, recentAuditEntries } from './logs-export';
import { MaintenanceDoor, type MaintenanceDoorOptions } from './maintenance-door';
import { queueProblem } from './queue-problems';
import { deviceProblem, printTest } from './print-test';
import type { DeviceConfigSaveResult, DeviceConfigViewResult, RollbackOutcome, UpdateListing, UpdateOutcome, UpdateTarget } from '../contract';
import type { DeviceConfigEditor } from './device-config';
import type { UpdateRequest, UpdateService } from '../updates/update-service';
import { readVersions, type AddressDatabaseInfoSource, type RuleSetSource } from './versions';

/** The devices as maintenance uses them (DeviceManager). */
export interface MaintenanceDevices {
  statuses(): DeviceStatus[];
  thermalPrinter(): { print(job: SlipJob): Promise<void> };
  laserPrinter(): { print(pdf: Uint8Array, request: { title: string }): Promise<unknown> };
  idCardReader(): { readCard(): Promise<{ card: IdCardText }> };
}

/** The print queue as maintenance uses it (core/printing/print-queue.ts). */
export interface MaintenancePrintQueue {
  list(): PrintJob[];
  retry(id: number): PrintJob;
  cancel(id: number): PrintJob;
  reprint(creditCode: string, reason: string): PrintJob;
}

/** What the shell around the core can do for maintenance; a shell that cannot leaves it out. */
export interface ShellHooks {
  /** Closes the kiosk so the technician reaches the desktop. */
  exitToDesktop?(): void;
  /** Closes the kiosk and starts it again (e.g. so saved device settings apply). */
  restart?(): void;
}

export interface MaintenanceServiceOptions extends Omit<MaintenanceDoorOptions, 'now'> {
  db: KioskDatabase;
  audit: AuditLog;
  devices: MaintenanceDevices;
  /** undefined while the kiosk runs without a print queue. */
  printQueue(): MaintenancePrintQueue | undefined;
  /** Closed with the service. */
  addresses: AddressDatabaseInfoSource & { close?(): void };
  /** The rule sets in force, for the versions shown. */
  ruleSets: RuleSetSource;
  /** Installs new rule sets and address databases (core/updates). */
  updates: UpdateService;
  /** The devices section of the configuration file. */
  deviceConfig: DeviceConfigEditor;
  font(): DocumentFont;
  shell: ShellHooks;
  kioskId: string;
  dataDir: string;
  now?: () => Date;
}

type Overview = MaintenanceOverview & { devices: DeviceStatus[] };

export class MaintenanceService {
  readonly door: MaintenanceDoor;
  private readonly now: () => Date;

  constructor(private readonly options: MaintenanceServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.door = new MaintenanceDoor({ ...options, now: this.now });
  }

  status(token: string): Granted<Overview> {
    return this.granted(token, () => ({
      devices: this.options.devices.statuses(),
      versions: readVersions(this.options.addresses, this.options.ruleSets),
      counters: readCounters(this.options.db),
      idleTimeoutSeconds: Math.round(this.options.idleTimeoutMs / 1000),
    }));
  }

  counters(token: string): Granted<Counters> {
    return this.granted(token, () => readCounters(this.options.db));
  }

  testPrint(token: string, printer: PrinterName): Promise<Granted<TestPrintResult>> {
    return this.grantedAsync(token, async () => {
      const stamp = { kioskId: this.options.kioskId, at: this.now().toISOString() };
      const result = await printTest(this.options.devices, printer, stamp, () => this.options.font());
      this.options.audit.append('maintenance.test-print', { printer, printed: result.printed, ...(result.reason ? { reason: result.reason } : {}) });
      return result;
    });
  }

  testReadIdCard(token: string): Promise<Granted<IdCardTestResult>> {
    return this.grantedAsync(token, async () => {
      let result: IdCardTestResult;
      try {
        const { card } = await this.options.devices.idCardReader().readCard();
        result = { read: true, card: maskedCard(card) };
      } catch (error) {
        result = { read: false, ...deviceProblem(error) };
      }
      this.options.audit.append('maintenance.idcard-test', { read: result.read, ...(result.read ? {} : { reason: result.reason }) });
      return result;
    });
  }

  listQueue(token: string): Granted<QueueJobView[]> {
    return this.granted(token, () => (this.options.printQueue()?.list() ?? []).map(jobView));
  }

  retryJob(token: string, job: number): Granted<QueueActionResult> {
    return this.granted(token, () => this.onQueue((queue) => queue.retry(job)));
  }

  cancelJob(token: string, job: number): Granted<QueueActionResult> {
    return this.granted(token, () => this.onQueue((queue) => queue.cancel(job)));
  }

  /** The queue writes the reprint's own audit entry (print.reprint-queued, with the reason). */
  reprint(token: string, creditCode: string, reason: string): Granted<QueueActionResult> {
    return this.granted(token, () => this.onQueue((queue) => queue.reprint(creditCode, reason)));
  }

  recentLogs(token: string, limit: number): Granted<AuditEntryView[]> {
    return this.granted(token, () => recentAuditEntries(this.options.db, limit));
  }

  exportLogs(token: string): Granted<LogsExportResult> {
    return this.granted(token, () => {
      const result = exportAuditLog(this.options.db, this.options.dataDir, this.now());
      this.options.audit.append('maintenance.logs-exported', { entries: result.entries, chainIntact: result.chainIntact });
      return result;
    });
  }

  listUpdates(token: string, folder?: string): Granted<UpdateListing> {
    return this.granted(token, () => this.options.updates.list(folder));
  }

  verifyUpdate(token: string, request: UpdateRequest): Promise<Granted<UpdateOutcome>> {
    return this.grantedAsync(token, () => this.options.updates.verify(request));
  }

  /** Maintenance is open only between sessions, so the next session is the first to use the update. */
  applyUpdate(token: string, request: UpdateRequest): Promise<Granted<UpdateOutcome>> {
    return this.grantedAsync(token, () => this.options.updates.apply(request));
  }

  rollbackUpdate(token: string, target: UpdateTarget): Granted<RollbackOutcome> {
    return this.granted(token, () => this.options.updates.rollback(target));
  }

  deviceConfig(token: string): Granted<DeviceConfigViewResult> {
    return this.granted(token, () => ({ ...this.options.deviceConfig.view(), canRestart: this.options.shell.restart !== undefined }));
  }

  saveDeviceConfig(token: string, devices: unknown): Granted<DeviceConfigSaveResult> {
    return this.granted(token, () => {
      const saved = this.options.deviceConfig.save(devices);
      return saved.saved ? { ...saved, canRestart: this.options.shell.restart !== undefined } : saved;
    });
  }

  /** Restarts the kiosk through the shell when it can; maintenance closes first. */
  restartKiosk(token: string): Granted<{ restarting: boolean }> {
    return this.granted(token, () => {
      const restart = this.options.shell.restart;
      this.options.audit.append('maintenance.restart', { supported: restart !== undefined });
      if (!restart) return { restarting: false };
      this.door.close('exited');
      setImmediate(restart);
      return { restarting: true };
    });
  }

  /** Leaves the kiosk for the desktop when the shell can; maintenance closes first. */
  exitToDesktop(token: string): Granted<{ exiting: boolean }> {
    return this.granted(token, () => {
      const exit = this.options.shell.exitToDesktop;
      this.options.audit.append('maintenance.exit-to-desktop', { supported: exit !== undefined });
      if (!exit) return { exiting: false };
      this.door.close('exited');
      // After this answer has gone back to the renderer.
      setImmediate(exit);
      return { exiting: true };
    });
  }

  dispose(): void {
    this.door.dispose();
    this.options.addresses.close?.();
  }

  private granted<T>(token: string, action: () => T): Granted<T> {
    const denied = this.door.admit(token);
    return denied ?? { status: 'ok', value: action() };
  }

  private async grantedAsync<T>(token: string, action: () => Promise<T>): Promise<Granted<T>> {
    const denied = this.door.admit(token);
    return denied ?? { status: 'ok', value: await action() };
  }

  private onQueue(action: (queue: MaintenancePrintQueue) => PrintJob): QueueActionResult {
    const queue = this.options.printQueue();
    if (!queue) return queueProblem('queue-unavailable');
    try {
      return { done: true, job: jobView(action(queue)) };
    } catch (error) {
      const problem = (error as { problem?: PrintRequestProblem }).problem;
      if (error instanceof Error && error.name === 'PrintRequestError' && problem) return queueProblem(problem);
      throw error;
    }
  }
}

function jobView(job: PrintJob): QueueJobView {
  return {
    id: job.id,
    creditCode: job.creditCode,
    document: job.document,
    printer: job.printer,
    state: job.state,
    reason: job.reason,
    attempts: job.attempts,
    reprint: job.reprint,
    reprintReason: job.reprintReason,
    createdAt: job.createdAt,
    printedAt: job.printedAt,
  };
}
