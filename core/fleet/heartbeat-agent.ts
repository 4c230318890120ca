/**
 * The kiosk's side of the fleet: every `heartbeatMs` it sends its status to the centre
 * (fleet-status.ts), takes the remote commands of the answer, reports each as ACKED,
 * runs it and reports DONE or FAILED at once. One beat at a time; a centre that cannot
 * be reached is tried again at the next beat, and reports wait in SQLite meanwhile.
 */
import type { HeartbeatAnswer, HeartbeatRequest, CommandReportRequest } from '../../protocol/centre-fleet';
import type { Logger } from '../log';
import { CentreUnavailableError } from '../centre/centre-client';
import type { RemoteCommands } from './remote-commands';

/** Device changes often come in bursts (paper low, then end): one beat for the burst. */
const NUDGE_DELAY_MS = 200;

export interface FleetCentre {
  heartbeat(request: HeartbeatRequest): Promise<HeartbeatAnswer>;
  reportCommands(request: CommandReportRequest): Promise<unknown>;
}

export interface HeartbeatAgentOptions {
  centre: FleetCentre;
  status(): HeartbeatRequest;
  commands: RemoteCommands;
  intervalMs: number;
  logger: Logger;
}

export class HeartbeatAgent {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private centreReachable = true;
  private nudged = false;

  constructor(private readonly options: HeartbeatAgentOptions) {}

  start(): void {
    this.stopped = false;
    this.options.commands.failInterrupted();
    this.schedule(0);
  }

  /** A beat now (a device changed, a test), after any beat in progress. */
  beat(): Promise<void> {
    const next = (this.running ?? Promise.resolve()).then(() => this.once());
    this.running = next;
    return next.finally(() => {
      if (this.running === next) this.running = undefined;
    });
  }

  /** Something the centre should see soon changed (a device's status): a beat shortly, however many nudges come. */
  nudge(): void {
    if (this.nudged || this.stopped) return;
    this.nudged = true;
    setTimeout(() => {
      this.nudged = false;
      if (!this.stopped) void this.beat();
    }, NUDGE_DELAY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.beat().finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
  }

  private async once(): Promise<void> {
    try {
      await this.flushReports();
      const answer = await this.options.centre.heartbeat(this.options.status());
      this.reachable(true);
      for (const command of answer.commands) {
        if (this.stopped) break;
        const taken = this.options.commands.take(command);
        await this.flushReports();
        if (!taken) continue;
        const outcome = await this.options.commands.run(command);
        await this.flushReports();
        outcome.afterReport?.();
      }
    } catch (error) {
      if (!(error instanceof CentreUnavailableError)) {
        this.options.logger.error({ err: error }, 'fleet heartbeat failed');
        return;
      }
      this.reachable(false, error.message);
    }
  }

  private async flushReports(): Promise<void> {
    // Bounded: twenty reports a request, and never more rounds than a beat needs.
    for (let round = 0; round < 10; round++) {
      const reports = this.options.commands.unreported();
      if (reports.length === 0) return;
      await this.options.centre.reportCommands({ reports });
      this.options.commands.reported(reports);
    }
  }

  /** Logs only the changes, not every missed beat. */
  private reachable(now: boolean, why?: string): void {
    if (now === this.centreReachable) return;
    this.centreReachable = now;
    if (now) this.options.logger.info('fleet heartbeats reach the centre again');
    else this.options.logger.warn({ reason: why }, 'fleet heartbeats cannot reach the centre; trying again at each beat');
  }
}
