/**
 * A serial line carries one exchange at a time: a job, a status request or an idle
 * check each wait for the one before to finish, whether it succeeded or not.
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** True while an operation runs or waits; idle checks skip their turn then. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.tail.then(operation).finally(() => this.pending--);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
