/**
 * The interface through which a run may measure the real (wall-clock) time each plugin costs —
 * what plugin authors compare. The framework calls it for one call in `sampleEvery`; the clock
 * lives in the implementation the CLI injects, never in the model, and its figures are reported
 * apart from the deterministic results.
 */

/** Extension points whose calls are timed. */
export type ProfiledPoint = 'preFilter' | 'filter' | 'preScore' | 'score';

/** Measures plugin calls; `start` returns an opaque mark that `stop` turns into elapsed time. */
export interface PluginProfiler {
  /** Time one call in this many (the rest are counted and extrapolated). */
  readonly sampleEvery: number;
  start(): number;
  stop(plugin: string, point: ProfiledPoint, mark: number, calls: number): void;
}
