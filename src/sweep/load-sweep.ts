/**
 * Loads a scenario as a sweep: expands its `sweep:` block into variants, its `replications:`
 * into seeds, and compiles every variant before anything runs, so an invalid combination is
 * rejected up front with the line of the sweep key that produced it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../cli/load-scenario.js';
import { namedVariantKey, type SweepAxis, type SweepValue } from '../scenario/compile-sweep.js';
import type { FieldPath } from '../scenario/input-error.js';
import { InputError, formatProblem, type InputProblem } from '../scenario/input-error.js';
import { ScenarioSource, parsePath } from '../scenario/source.js';
import type { ScenarioSpec } from '../scenario/spec.js';
import { expandVariants, type Variant } from './variant.js';

/** One run of a sweep: a variant with a seed, and where its files go inside the sweep directory. */
export interface SweepRun {
  /** Position in expansion order (variant-major, then seed). */
  readonly index: number;
  readonly variant: Variant;
  readonly seed: number | string;
  /** `runs/<variant id>/seed-<seed>`, relative to the sweep directory. */
  readonly dir: string;
}

/** What a sweep's results are laid out by: enough to write and merge its tables without the scenario file. */
export interface SweepLayout {
  readonly name: string;
  /** Hash of the scenario text, the overrides, the variants and the seeds: equal for the parts of one sweep. */
  readonly identity: string;
  readonly axes: readonly { readonly key: string; readonly values: readonly SweepValue[]; readonly named?: Readonly<Record<string, readonly string[]>> }[];
  readonly variants: readonly Variant[];
  readonly seeds: readonly (number | string)[];
  readonly runs: readonly SweepRun[];
  /** SLO names in column order: the two defaults, then the scenario's own. */
  readonly sloNames: readonly string[];
}

/** A scenario's sweep, expanded and validated. */
export interface Sweep extends SweepLayout {
  readonly file: string;
  /** `--set` overrides applied to every variant (before the variant's own values). */
  readonly sets: readonly string[];
  readonly axes: readonly SweepAxis[];
}

/** The runs of `variants` × `seeds` in expansion order (variant-major). */
export function sweepRuns(variants: readonly Variant[], seeds: readonly (number | string)[]): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const variant of variants) for (const seed of seeds) runs.push({ index: runs.length, variant, seed, dir: runDir(variant, seed) });
  return runs;
}

/** Options of loading a sweep. */
export interface SweepLoadOptions {
  readonly sets?: readonly string[];
  readonly seed?: number;
  /** Replace the file's axes (plan probes use one axis of their own). */
  readonly variants?: readonly Variant[];
  /** Replace the file's seeds. */
  readonly seeds?: readonly (number | string)[];
}

const defaultSloNames = ['mutating_api_call_latency_p99_seconds', 'pod_startup_latency_p99_seconds'];

/** The directory of a run inside a sweep directory. */
export function runDir(variant: Variant, seed: number | string): string {
  return `runs/${variant.id}/seed-${String(seed).replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

/** Loads `file` as a sweep; throws InputError listing every problem of every variant. */
export async function loadSweep(file: string, options: SweepLoadOptions = {}): Promise<Sweep> {
  const sets = options.sets ?? [];
  const base = await loadScenario(file, { sets, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const variants = options.variants ?? expandVariants(base.sweep.axes);
  const seeds = options.seeds ?? base.sweep.seeds;
  await compileVariants(file, base, sets, variants, options.seed);
  const runs = sweepRuns(variants, seeds);
  const text = readFileSync(file, 'utf8');
  const identity = createHash('sha256')
    .update(JSON.stringify({ text, sets, variants: variants.map((v) => [v.id, v.sets]), seeds }))
    .digest('hex')
    .slice(0, 16);
  const sloNames = [...defaultSloNames, ...base.slos.filter((s) => s.metric !== undefined).map((s) => s.name)];
  return { file, name: base.name, sets, axes: base.sweep.axes, variants, seeds, runs, sloNames, identity };
}

/** Where in the file variant `v` sets the field at `path`: its sweep key, or its named variant's `set` entry. */
function sweptAt(base: ScenarioSpec, v: Variant, path: FieldPath): FieldPath | undefined {
  const axis = base.sweep.axes.find((a) => a.named === undefined && a.path.every((seg, i) => path[i] === seg));
  if (axis !== undefined) return ['sweep', axis.key];
  const name = v.assignments.find((a) => a.key === namedVariantKey)?.value;
  const index = base.sweep.axes.find((a) => a.named !== undefined)?.values.indexOf(name ?? '') ?? -1;
  if (index < 0) return undefined;
  const key = v.sets.map((s) => s.slice(0, s.indexOf('='))).find((k) => {
    const p = parsePath(k.includes('.') || k.includes('[') ? k : `params.${k}`);
    return p !== undefined && p.every((seg, i) => path[i] === seg);
  });
  return key === undefined ? ['variants', index] : ['variants', index, 'set', key];
}

/** Compiles every variant; problems are gathered, located at the sweep key when they concern a swept value, and thrown together. */
async function compileVariants(file: string, base: ScenarioSpec, sets: readonly string[], variants: readonly Variant[], seed: number | undefined): Promise<void> {
  if (variants.length === 1 && variants[0]?.sets.length === 0) return;
  const source = ScenarioSource.load(file);
  const found = new Map<string, { problem: InputProblem; variants: string[] }>();
  for (const v of variants) {
    try {
      await loadScenario(file, { sets: [...sets, ...v.sets], ...(seed === undefined ? {} : { seed }) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const p of e.problems) {
        const at = p.file.startsWith('--set ') ? sweptAt(base, v, p.path) : undefined;
        const problem = at === undefined ? p : { ...source.problem(at, ''), message: `${formatProblem({ ...p, file: '', line: 0 }).replace(/^: /, '')}` };
        const key = formatProblem(problem);
        const entry = found.get(key) ?? { problem, variants: [] };
        entry.variants.push(v.id);
        found.set(key, entry);
      }
    }
  }
  if (found.size === 0) return;
  throw new InputError([...found.values()].map(({ problem, variants: ids }) => ({
    ...problem,
    message: `in sweep variant ${ids[0] ?? ''}${ids.length > 1 ? ` (and ${ids.length - 1} more)` : ''}: ${problem.message}`,
  })));
}
