/**
 * The `sweep:` and `replications:` blocks of a scenario: which params or fields take which
 * values, and which seeds every variant runs with. Checked with the rest of the file, so
 * `kubesim validate` and `kubesim run` reject a bad sweep too (a run ignores the sweep itself).
 *
 *   sweep:
 *     nodes: [1000, 2000]                                   # a list of values
 *     cluster.apiserver.replicas: { from: 1, to: 5 }        # a range, step 1 by default
 *     cluster.etcd.disk: [ssd, nvme]                        # any field path, as --set takes it
 *     params.churn: { from: 10, to: 80, factor: 2 }         # a geometric range: 10, 20, 40, 80
 *   replications: 3                                         # seeds seed, seed+1, seed+2 (or a list)
 *
 * Variants that are not a grid are listed by name, each with the fields it sets; they form one
 * axis, `variant`, that varies slowest (the sweep's axes, if any, vary within each):
 *
 *   variants:
 *     - name: ordered-ready
 *       set: { workload[0].objects[0].spec.podManagementPolicy: OrderedReady }
 *     - name: partition-canary
 *       set: { workload[0].objects[0].spec.updateStrategy.rollingUpdate.partition: 2 }
 */
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { formatPath } from './input-error.js';
import { allowedPrefix } from './schema-path.js';
import { scenarioSchema } from './schema.js';
import { parsePath } from './source.js';

/** A value a sweep assigns: anything a YAML field can hold. */
export type SweepValue = null | boolean | number | string | readonly SweepValue[] | { readonly [key: string]: SweepValue };

/** One swept key with its values in the order they run. */
export interface SweepAxis {
  /** The key as written (a param name or a field path, as `--set` takes it); `variant` for the named variants. */
  readonly key: string;
  /** The field path it sets (`params.<name>` for a param; `variants` for the named variants). */
  readonly path: FieldPath;
  readonly values: readonly SweepValue[];
  /** Named variants only: the `--set` overrides of each name. */
  readonly named?: Readonly<Record<string, readonly string[]>>;
}

/** The key of the axis a `variants:` list makes. */
export const namedVariantKey = 'variant';

/** The sweep of a scenario: its axes (none when the file has no `sweep:`) and the seeds of every variant. */
export interface SweepSpec {
  readonly axes: readonly SweepAxis[];
  readonly seeds: readonly (number | string)[];
}

/** Most values one range may produce. */
const maxAxisValues = 10_000;
/** Top-level fields a sweep may not vary (seeds come from `replications`). */
const unsweepable = new Set(['sweep', 'variants', 'replications', 'slos', 'seed', 'metadata', 'apiVersion', 'kind']);

type Raw = Readonly<Record<string, unknown>>;

/** Compiles `doc.sweep` and `doc.replications`; records located problems and returns what was valid. */
export function compileSweep(ctx: CompileContext, doc: Raw, seed: number | string): SweepSpec {
  const seeds = compileReplications(ctx, doc['replications'], seed);
  const named = compileNamedVariants(ctx, doc);
  const axes: SweepAxis[] = named === undefined ? [] : [named];
  const raw = doc['sweep'];
  if (raw === undefined || raw === null) return { axes, seeds };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problem(['sweep'], 'must be a mapping of param names or field paths to a list of values or a range { from, to, step }');
    return { axes, seeds };
  }
  const setByNamed = named === undefined ? [] : namedPaths(doc);
  for (const [key, spec] of Object.entries(raw as Raw)) {
    const at: FieldPath = ['sweep', key];
    const path = sweptPath(ctx, at, key, doc);
    const values = axisValues(ctx, at, spec);
    if (path === undefined || values === undefined) continue;
    if (key === namedVariantKey && named !== undefined) {
      ctx.problem(at, `"${namedVariantKey}" names the variants: list; give the param another name`);
      continue;
    }
    const namedClash = setByNamed.find((p) => overlaps(p, path));
    if (namedClash !== undefined) {
      ctx.problem(at, `sets ${formatPath(path)}, which a variant of variants: already sets`);
      continue;
    }
    const clash = axes.find((a) => a.named === undefined && overlaps(a.path, path));
    if (clash !== undefined) {
      ctx.problem(at, `sets ${formatPath(path)}, which "${clash.key}" already sweeps`);
      continue;
    }
    axes.push({ key, path, values });
  }
  return { axes, seeds };
}

/** The `variants:` list as one axis of variant names, or undefined when the file has none. */
function compileNamedVariants(ctx: CompileContext, doc: Raw): SweepAxis | undefined {
  const raw = doc['variants'];
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) {
    ctx.problem(['variants'], 'must be a non-empty list of { name, set } entries');
    return undefined;
  }
  const named: Record<string, string[]> = {};
  const values: string[] = [];
  raw.forEach((entry: unknown, i) => {
    const at: FieldPath = ['variants', i];
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      ctx.problem(at, 'must be a mapping with name and set');
      return;
    }
    const e = entry as Raw;
    const unknown = Object.keys(e).find((k) => !['name', 'description', 'set'].includes(k));
    if (unknown !== undefined) ctx.problem([...at, unknown], 'unknown field of a variant (name, description or set)');
    const name = e['name'];
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      ctx.problem([...at, 'name'], 'required: letters, digits, ".", "_" or "-", starting with a letter or digit');
      return;
    }
    if (named[name] !== undefined) {
      ctx.problem([...at, 'name'], `"${name}" is listed twice`);
      return;
    }
    const set = e['set'] ?? {};
    if (set === null || typeof set !== 'object' || Array.isArray(set)) {
      ctx.problem([...at, 'set'], 'must be a mapping of param names or field paths to values');
      return;
    }
    const sets: string[] = [];
    for (const [key, value] of Object.entries(set as Raw)) {
      const path = resolveSweepKey(key, doc);
      if (typeof path === 'string') ctx.problem([...at, 'set', key], path);
      else sets.push(`${key}=${JSON.stringify(value)}`);
    }
    named[name] = sets;
    values.push(name);
  });
  return values.length === 0 ? undefined : { key: namedVariantKey, path: ['variants'], values, named };
}

/** Every field path some named variant sets. */
function namedPaths(doc: Raw): FieldPath[] {
  const out: FieldPath[] = [];
  for (const e of (doc['variants'] as Raw[] | undefined) ?? []) {
    for (const key of Object.keys((e['set'] ?? {}) as Raw)) {
      const path = resolveSweepKey(key, doc);
      if (typeof path !== 'string') out.push(path);
    }
  }
  return out;
}

function overlaps(a: FieldPath, b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The field path a sweep key sets, or undefined (with a problem) when it names nothing. */
function sweptPath(ctx: CompileContext, at: FieldPath, key: string, doc: Raw): FieldPath | undefined {
  const resolved = resolveSweepKey(key, doc);
  if (typeof resolved !== 'string') return resolved;
  ctx.problem(at, resolved);
  return undefined;
}

/**
 * The field path a sweep (or plan) key sets in scenario document `doc`: a declared param's name
 * (`params.<name>`) or a field path the scenario schema has, whose list indices name elements the
 * file has. Returns the reason as a string when the key names nothing.
 */
export function resolveSweepKey(key: string, doc: Raw): FieldPath | string {
  const bare = !key.includes('.') && !key.includes('[');
  const path = parsePath(bare ? `params.${key}` : key);
  if (path === undefined) return `"${key}" is not a param name or a field path (use a.b[0].c)`;
  const declared = Object.keys((doc['params'] ?? {}) as Raw);
  if (path[0] === 'params') {
    if (path.length === 2 && declared.includes(String(path[1]))) return path;
    const list = declared.length === 0 ? 'the scenario declares none' : `declared: ${declared.join(', ')}`;
    return `"${key}" is not a declared param (${list}) and no other field has that name`;
  }
  if (unsweepable.has(String(path[0]))) return `${String(path[0])} cannot be swept${path[0] === 'seed' ? ' (use replications: for seeds)' : ''}`;
  const ok = allowedPrefix(scenarioSchema, path);
  if (ok < path.length) {
    const parent = path.slice(0, ok);
    return `no field ${formatPath(path)} in a scenario (${parent.length === 0 ? 'the top level' : formatPath(parent)} has no "${String(path[ok])}")`;
  }
  return missingElement(path, doc) ?? path;
}

/** Why a list index on the path names no element of the file, or undefined when all do. */
function missingElement(path: FieldPath, doc: Raw): string | undefined {
  let node: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    if (typeof seg === 'number') {
      const len = Array.isArray(node) ? node.length : 0;
      if (seg >= len) return `${formatPath(path.slice(0, i + 1))} does not exist (${formatPath(path.slice(0, i))} has ${len} element${len === 1 ? '' : 's'})`;
      node = (node as unknown[])[seg];
    } else {
      node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Raw)[seg] : undefined;
    }
  }
  return undefined;
}

/** The values of one axis: a non-empty list without repeats, or a non-empty range. */
function axisValues(ctx: CompileContext, at: FieldPath, spec: unknown): SweepValue[] | undefined {
  if (Array.isArray(spec)) {
    if (spec.length === 0) {
      ctx.problem(at, 'empty list: give at least one value');
      return undefined;
    }
    const seen = new Set<string>();
    for (const [i, v] of spec.entries()) {
      const text = JSON.stringify(v);
      if (seen.has(text)) {
        ctx.problem([...at, i], `${text} is listed twice`);
        return undefined;
      }
      seen.add(text);
    }
    return spec as SweepValue[];
  }
  if (typeof spec === 'object' && spec !== null) return rangeValues(ctx, at, spec as Raw);
  ctx.problem(at, 'must be a list of values ([1, 2, 3]) or a range ({ from: 1, to: 5, step: 1 } or { from: 1000, to: 8000, factor: 2 })');
  return undefined;
}

function rangeValues(ctx: CompileContext, at: FieldPath, r: Raw): number[] | undefined {
  const unknown = Object.keys(r).filter((k) => !['from', 'to', 'step', 'factor'].includes(k));
  if (unknown.length > 0) {
    ctx.problem([...at, unknown[0] as string], 'unknown field of a range (from, to, step or factor)');
    return undefined;
  }
  const num = (k: string, required: boolean): number | undefined => {
    const v = r[k];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.problem([...at, k], v === undefined ? 'required field of a range is missing' : 'must be a number');
      return NaN;
    }
    return v;
  };
  const from = num('from', true) as number;
  const to = num('to', true) as number;
  const step = num('step', false);
  const factor = num('factor', false);
  if ([from, to, step, factor].some((v) => Number.isNaN(v))) return undefined;
  if (step !== undefined && factor !== undefined) {
    ctx.problem(at, 'a range takes step or factor, not both');
    return undefined;
  }
  const out: number[] = [];
  if (factor !== undefined) {
    if (!(factor > 1) || !(from > 0)) {
      ctx.problem([...at, factor > 1 ? 'from' : 'factor'], factor > 1 ? 'a geometric range must start above 0' : 'must be above 1');
      return undefined;
    }
    for (let v = from; v <= to * (1 + 1e-12) && out.length <= maxAxisValues; v *= factor) out.push(Number(v.toPrecision(12)));
  } else {
    const s = step ?? 1;
    if (!(s > 0)) {
      ctx.problem([...at, 'step'], `must be above 0, got ${s}`);
      return undefined;
    }
    const n = Math.floor((to - from) / s + 1e-9) + 1;
    for (let i = 0; i < n && out.length <= maxAxisValues; i++) out.push(Number((from + i * s).toPrecision(12)));
  }
  if (out.length === 0) {
    ctx.problem(at, `empty range: from ${from} is above to ${to}`);
    return undefined;
  }
  if (out.length > maxAxisValues) {
    ctx.problem(at, `range has more than ${maxAxisValues} values`);
    return undefined;
  }
  return out;
}

/** `replications: N` (seeds seed..seed+N-1) or a list of distinct integer seeds; absent means the scenario's seed alone. */
function compileReplications(ctx: CompileContext, raw: unknown, seed: number | string): (number | string)[] {
  if (raw === undefined) return [seed];
  if (Array.isArray(raw)) {
    if (raw.length === 0 || raw.some((s) => !Number.isSafeInteger(s)) || new Set(raw).size !== raw.length) {
      ctx.problem(['replications'], 'a list of seeds must hold distinct integers, at least one');
      return [seed];
    }
    return raw as number[];
  }
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
    ctx.problem(['replications'], `must be a whole number >= 1 or a list of seeds, got ${JSON.stringify(raw)}`);
    return [seed];
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    if (raw === 1) return [seed];
    ctx.problem(['replications'], `counting seeds up from seed "${String(seed)}" needs an integer seed; list the seeds instead`);
    return [seed];
  }
  return Array.from({ length: raw }, (_, i) => seed + i);
}
