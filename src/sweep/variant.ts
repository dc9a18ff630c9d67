/**
 * The variants of a sweep: every combination of its axes' values, in a fixed order (the first
 * axis in the file varies slowest, values in the order listed), each with a stable id made from
 * its assignments and the `--set` overrides that make it.
 */
import { createHash } from 'node:crypto';
import type { SweepAxis, SweepValue } from '../scenario/compile-sweep.js';

/** One key's value in a variant. */
export interface Assignment {
  readonly key: string;
  readonly value: SweepValue;
}

/** One combination of axis values. */
export interface Variant {
  /** Stable id: `name=value` pairs joined by `_` (file-name safe), or a shortened form with a hash. */
  readonly id: string;
  readonly assignments: readonly Assignment[];
  /** The `--set path=value` overrides that turn the scenario into this variant. */
  readonly sets: readonly string[];
}

/** Longest readable id before it is shortened and given a hash. */
const maxIdLength = 80;

/** A value as written in an id, a CSV cell or a --set (numbers and strings plain, anything else JSON). */
export function valueText(v: SweepValue): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** A key's last field name (`cluster.etcd.disk` → `disk`, `cluster.nodePools[0].count` → `count`). */
function shortKey(key: string): string {
  return key.replace(/\[\d+\]/g, '').split('.').pop() ?? key;
}

/**
 * The id of a variant, a pure function of its assignments (`base` for a sweep without axes):
 * `name=value` pairs joined by `_`, each key shortened to its last field name unless another key
 * of the variant shortens to the same name.
 */
export function variantId(assignments: readonly Assignment[]): string {
  if (assignments.length === 0) return 'base';
  const short = assignments.map((a) => shortKey(a.key));
  const label = (a: Assignment, i: number): string => (short.filter((s) => s === short[i]).length === 1 ? short[i] ?? a.key : a.key);
  const readable = assignments.map((a, i) => `${label(a, i)}=${valueText(a.value)}`).join('_');
  const safe = readable.replace(/[^A-Za-z0-9._=-]+/g, '-');
  if (safe === readable && readable.length <= maxIdLength && !readable.startsWith('.')) return readable;
  const hash = createHash('sha256').update(JSON.stringify(assignments)).digest('hex').slice(0, 10);
  return `${safe.replace(/^\.+/, '').slice(0, maxIdLength - 11)}~${hash}`;
}

/** What makeVariant needs of an axis: named variants' overrides, by name. */
type AxisSets = Pick<SweepAxis, 'key' | 'named'>;

/** The variant for `assignments` (a named variant's assignment expands to the overrides `axes` give its name). */
export function makeVariant(assignments: readonly Assignment[], axes: readonly AxisSets[] = []): Variant {
  const sets = assignments.flatMap((a) => {
    const named = axes.find((x) => x.key === a.key)?.named;
    return named === undefined ? [`${a.key}=${JSON.stringify(a.value)}`] : [...(named[String(a.value)] ?? [])];
  });
  return { id: variantId(assignments), assignments, sets };
}

/** Every combination of `axes` (one variant, `base`, when there are none). */
export function expandVariants(axes: readonly SweepAxis[]): Variant[] {
  let combos: Assignment[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((value) => [...c, { key: axis.key, value }]));
  return combos.map((c) => makeVariant(c, axes));
}
