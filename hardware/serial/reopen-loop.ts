/**
 * Tries to reopen an unplugged device at a fixed interval until stopped, never two
 * tries at once; a failed try just waits for the next tick.
 */
export class ReopenLoop {
  private timer: NodeJS.Timeout | undefined;
  private trying = false;

  constructor(
    private readonly reopen: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(), this.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.trying) return;
    this.trying = true;
    try {
      await this.reopen();
    } catch {
      // Still unplugged; the next tick tries again.
    } finally {
      this.trying = false;
    }
  }
}
