/** `--shard i/N`: which runs one of N shard processes does (run k belongs to shard k mod N, so every shard gets a mix of variants). */
import { InputError } from '../scenario/input-error.js';
import type { SweepRun } from './load-sweep.js';

/** Shard `index` of `count` (0 <= index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/N`; anything else, or an index out of range, is an InputError. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const fail = (message: string): never => {
    throw new InputError([{ file: '--shard', line: 0, column: 0, path: [], message }]);
  };
  if (m === null) return fail(`expected i/N (e.g. 0/4, or $JOB_COMPLETION_INDEX/4 in a Job), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return fail(`shard count must be at least 1, got ${count}`);
  if (index >= count) return fail(`shard index ${index} is out of range: N = ${count} shards are numbered 0 to ${count - 1}`);
  return { index, count };
}

/** The runs of `shard`, in expansion order. */
export function shardRuns(runs: readonly SweepRun[], shard: Shard): SweepRun[] {
  return runs.filter((r) => r.index % shard.count === shard.index);
}

/** The directory name of a shard's part inside the sweep's output directory. */
export function partName(shard: Shard): string {
  return `part-${shard.index}-of-${shard.count}`;
}
