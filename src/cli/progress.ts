/**
 * A progress bar of virtual time reached and events/s, shown only on a terminal and only once a
 * run has taken more than two wall-clock seconds (wall time is read here, never in the model).
 */
import cliProgress from 'cli-progress';

/** Updates a cli-progress bar from the runner's progress callbacks. */
export class ProgressDisplay {
  private bar: cliProgress.SingleBar | undefined;
  private readonly started = process.hrtime.bigint();

  constructor(private readonly duration: number) {}

  /** Called with the virtual time (µs) and events so far. */
  update(now: number, events: number): void {
    if (!process.stderr.isTTY) return;
    const wall = Number(process.hrtime.bigint() - this.started) / 1e9;
    if (this.bar === undefined) {
      if (wall < 2) return;
      this.bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: 'virtual {value}s [{bar}] {eps} events/s', hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.round(this.duration / 1e6), 0, { eps: 0 });
    }
    this.bar.update(Math.round(now / 1e6), { eps: Math.round(events / wall) });
  }

  /** Removes the bar. */
  stop(): void {
    this.bar?.stop();
  }
}
