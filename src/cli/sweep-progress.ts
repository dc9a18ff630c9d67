/**
 * Progress of a sweep: runs done of the total and an ETA from this invocation's pace (runs found
 * done at the start count as done but not towards the pace). A cli-progress bar on a terminal;
 * elsewhere (CI logs, a Job's pod) one line per finished run. Wall time is read here only.
 */
import cliProgress from 'cli-progress';
import type { RunsListener } from '../sweep/execute-runs.js';
import type { SweepRun } from '../sweep/load-sweep.js';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Shows a sweep's progress on stderr. */
export class SweepProgress implements RunsListener {
  private bar: cliProgress.SingleBar | undefined;
  private started = process.hrtime.bigint();
  private total = 0;
  private done = 0;
  private ranHere = 0;

  /** `lines`: off a terminal, print a line per finished run (otherwise nothing). */
  constructor(private readonly label: string, private readonly lines = true, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** Starts counting; `done` runs were already there. */
  start(total: number, done: number): void {
    this.total = total;
    this.done = done;
    this.ranHere = 0;
    this.started = process.hrtime.bigint();
    if (done > 0 && this.lines) this.stream.write(`${this.label}: ${done} of ${total} runs already done, resuming\n`);
    if (this.stream.isTTY && done < total) {
      this.bar = new cliProgress.SingleBar(
        { stream: this.stream, format: `${this.label} [{bar}] {value}/{total} runs | ETA {etaText}`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, done, { etaText: '?' });
    }
  }

  /** Seconds left at this invocation's pace. */
  private eta(): number {
    const wall = Number(process.hrtime.bigint() - this.started) / 1e9;
    return this.ranHere === 0 ? Infinity : (wall / this.ranHere) * (this.total - this.done);
  }

  /** One more run written. */
  runDone(run: SweepRun, wallSeconds: number): void {
    this.done++;
    this.ranHere++;
    const eta = duration(this.eta());
    if (this.bar !== undefined) this.bar.update(this.done, { etaText: eta });
    else if (this.lines) this.stream.write(`${this.label}: run ${this.done}/${this.total} done (${run.variant.id}, seed ${String(run.seed)}, ${wallSeconds.toFixed(1)} s) ETA ${eta}\n`);
  }

  /** Removes the bar. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
