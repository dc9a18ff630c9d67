/** The default output directory of a run: `results/<scenario>/<label>` with the seed and any --set overrides. */
import { join } from 'node:path';

/** `seed-<seed>` followed by `_<path>=<value>` per override, made safe for file names. */
export function runLabel(seed: number | string, sets: readonly string[]): string {
  const parts = [`seed-${String(seed)}`, ...sets];
  return parts.join('_').replace(/[^A-Za-z0-9._=-]+/g, '-').slice(0, 120);
}

/** The default results directory for a scenario run. */
export function defaultOutDir(scenario: string, seed: number | string, sets: readonly string[]): string {
  return join('results', scenario, runLabel(seed, sets));
}
