/**
 * The centre's remote commands as this kiosk runs them, through its own services: a
 * test print (the maintenance test print), a reprint with its reason (the print queue,
 * which audits it), reloading the rule sets, restarting through the shell, collecting
 * the redacted audit log. Each command id is recorded in SQLite before it runs, so a
 * command the centre hands again (its answer was lost) runs once, and an outcome waits
 * there until the centre has acknowledged the report.
 */
import type { CommandParams, CommandReport, RemoteCommand } from '../../protocol/centre-fleet';
import { CommandParams as CommandParamsSchema } from '../../protocol/centre-fleet';
import type { AuditLog } from '../audit/audit-log';
import type { DocumentFont } from '../documents/document-font';
import { exportAuditLog, recentAuditEntries } from '../maintenance/logs-export';
import type { MaintenancePrintQueue, ShellHooks } from '../maintenance/maintenance-service';
import { printTest, type TestPrinters } from '../maintenance/print-test';
import { queueProblem } from '../maintenance/queue-problems';
import type { PrintRequestProblem } from '../printing/print-queue';
import type { KioskDatabase } from '../storage/database';

export interface RemoteCommandServices {
  db: KioskDatabase;
  audit: AuditLog;
  devices: TestPrinters;
  printQueue: Pick<MaintenancePrintQueue, 'reprint'>;
  reloadRuleSets(): { service: string; version: string }[];
  shell: ShellHooks;
  font(): DocumentFont;
  kioskId: string;
  dataDir: string;
  now?: () => Date;
}

/** A command's outcome; `afterReport` runs once the centre has the report (a restart must not cut it off). */
export interface CommandOutcome {
  state: 'DONE' | 'FAILED';
  detail: string;
  result?: CommandReport['result'];
  afterReport?: () => void;
}

/** Entries of the redacted audit log a collect-logs command brings back (the whole log stays in the kiosk's export). */
const COLLECTED_ENTRIES = 200;

export class RemoteCommands {
  private readonly now: () => Date;

  constructor(private readonly services: RemoteCommandServices) {
    this.now = services.now ?? (() => new Date());
  }

  /**
   * Records the command as taken (ACKED); false when it has expired, or this kiosk took
   * it before: then it does not run again, and its state is reported again instead (the
   * centre hands a command over until it hears of it).
   */
  take(command: RemoteCommand): boolean {
    const { changes } = this.services.db
      .prepare('INSERT OR IGNORE INTO fleet_remote_commands (id, kind, params, state, received_at) VALUES (?, ?, ?, ?, ?)')
      .run(command.id, command.params.kind, JSON.stringify(command.params), 'ACKED', this.now().toISOString());
    if (changes === 0) {
      this.services.db.prepare('UPDATE fleet_remote_commands SET reported = 0 WHERE id = ?').run(command.id);
      return false;
    }
    if (Date.parse(command.expiresAt) <= this.now().getTime()) {
      this.finish(command.id, { state: 'FAILED', detail: 'expired before it reached the kiosk' });
      return false;
    }
    this.services.audit.append('fleet.command-received', { id: command.id, kind: command.params.kind });
    return true;
  }

  async run(command: RemoteCommand): Promise<CommandOutcome> {
    let outcome: CommandOutcome;
    try {
      // Checked again here: the kiosk does not take the centre's word for the parameters either.
      outcome = await this.execute(CommandParamsSchema.parse(command.params));
    } catch (error) {
      outcome = { state: 'FAILED', detail: (error as Error).message.slice(0, 200) };
    }
    this.finish(command.id, outcome);
    return outcome;
  }

  /** Reports the centre has not yet acknowledged: ACKED for commands in hand, then their outcomes. */
  unreported(): CommandReport[] {
    return this.services.db
      .prepare<[], { id: number; state: CommandReport['state']; detail: string | null; result: string | null }>('SELECT id, state, detail, result FROM fleet_remote_commands WHERE reported = 0 ORDER BY id LIMIT 20')
      .all()
      .map((row) => ({ id: row.id, state: row.state, ...(row.detail === null ? {} : { detail: row.detail }), ...(row.result === null ? {} : { result: JSON.parse(row.result) as CommandReport['result'] }) }));
  }

  /** The centre has these reports; an ACKED one is reported again once its outcome is in. */
  reported(reports: readonly CommandReport[]): void {
    const mark = this.services.db.prepare('UPDATE fleet_remote_commands SET reported = 1 WHERE id = ? AND state = ?');
    this.services.db.transaction(() => reports.forEach((report) => mark.run(report.id, report.state)))();
  }

  /** At start-up nothing runs yet: a command still ACKED was cut off by a crash or restart, and fails so the centre is not left waiting. */
  failInterrupted(): void {
    this.services.db
      .prepare(`UPDATE fleet_remote_commands SET state = 'FAILED', detail = 'interrupted: the kiosk stopped while it ran', finished_at = ?, reported = 0 WHERE state = 'ACKED'`)
      .run(this.now().toISOString());
  }

  private finish(id: number, outcome: CommandOutcome): void {
    this.services.db
      .prepare('UPDATE fleet_remote_commands SET state = ?, detail = ?, result = ?, finished_at = ?, reported = 0 WHERE id = ?')
      .run(outcome.state, outcome.detail, outcome.result === undefined ? null : JSON.stringify(outcome.result), this.now().toISOString(), id);
    this.services.audit.append('fleet.command-finished', { id, state: outcome.state, detail: outcome.detail });
  }

  private async execute(params: CommandParams): Promise<CommandOutcome> {
    const { services } = this;
    switch (params.kind) {
      case 'test-print': {
        const result = await printTest(services.devices, params.printer, { kioskId: services.kioskId, at: this.now().toISOString() }, () => services.font());
        services.audit.append('maintenance.test-print', { printer: params.printer, printed: result.printed, remote: true, ...(result.reason ? { reason: result.reason } : {}) });
        return result.printed ? { state: 'DONE', detail: `printed on the ${params.printer} printer` } : { state: 'FAILED', detail: `${result.reason}: ${result.message}`.slice(0, 200) };
      }
      case 'reprint':
        return this.reprint(params.creditCode, params.reason);
      case 'reload-rule-set': {
        const inForce = services.reloadRuleSets();
        return { state: 'DONE', detail: inForce.map((set) => `${set.service} ${set.version}`).join(', ') };
      }
      case 'restart-app': {
        const restart = services.shell.restart;
        services.audit.append('maintenance.restart', { supported: restart !== undefined, remote: true });
        if (!restart) return { state: 'FAILED', detail: 'this shell cannot restart the kiosk' };
        return { state: 'DONE', detail: 'restarting', afterReport: restart };
      }
      case 'collect-logs': {
        const exported = exportAuditLog(services.db, services.dataDir, this.now());
        services.audit.append('maintenance.logs-exported', { entries: exported.entries, chainIntact: exported.chainIntact, remote: true });
        return {
          state: 'DONE',
          detail: `${exported.entries} audit entries, chain ${exported.chainIntact ? 'intact' : 'BROKEN'}`,
          result: { entries: exported.entries, chainIntact: exported.chainIntact, recent: recentAuditEntries(services.db, COLLECTED_ENTRIES) },
        };
      }
    }
  }

  /** The print queue's own refusal (no such licence, deregistered, …) is the outcome, in both languages. */
  private reprint(creditCode: string, reason: string): CommandOutcome {
    try {
      const job = this.services.printQueue.reprint(creditCode, reason);
      return { state: 'DONE', detail: `reprint queued as job ${job.id} (${job.document})` };
    } catch (error) {
      const problem = (error as { problem?: PrintRequestProblem }).problem;
      if (!problem) throw error;
      const { message } = queueProblem(problem);
      return { state: 'FAILED', detail: `${message['zh-CN']} / ${message.en}` };
    }
  }
}
