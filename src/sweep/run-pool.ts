/**
 * A pool of worker threads (piscina) running sweep runs, one run per worker at a time; the
 * default size is one worker per core. Results come back to the caller as each run completes.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { RunOutput, RunTask } from './run-worker.js';

/** Workers when none are asked for: one per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Worker threads running sweep runs. */
export class RunPool {
  private readonly pool: Piscina<RunTask, RunOutput>;

  constructor(readonly workers: number) {
    this.pool = new Piscina<RunTask, RunOutput>({
      filename: new URL('./run-worker.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  /** Runs one task on the next free worker. */
  run(task: RunTask): Promise<RunOutput> {
    return this.pool.run(task);
  }

  /** Stops the workers (tasks still queued are rejected). */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
