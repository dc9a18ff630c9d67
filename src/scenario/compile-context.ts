/**
 * What compiling a scenario needs at every field: the source (for positions), the params scope
 * for expressions, and a list collecting every problem found (validation never stops at the
 * first one).
 */
import { resourceAmount } from '../api/quantity.js';
import type { ImageCatalog } from '../node/image-pull/image-catalog.js';
import { createDistribution, type Distribution, type DistributionSpec } from '../engine/distribution.js';
import { evaluateValue, type Scope, type ValueKind } from './expression.js';
import type { FieldPath, InputProblem } from './input-error.js';
import type { ScenarioSource } from './source.js';

/** Compilation state shared by all parts of a scenario. */
export class CompileContext {
  /** Problems found so far (shared with the contexts of other files of the same compilation). */
  readonly problems: InputProblem[];
  /** The compilation this context belongs to: itself, or the scenario's for a document of another file (a manifest). */
  readonly root: CompileContext;
  /** Names of the declared node pools, known once `cluster` is compiled (ops refer to them). */
  nodePoolNames: readonly string[] = [];
  /** The zones (`topology.kubernetes.io/zone`) each declared node pool's nodes carry, by pool name. */
  nodePoolZones: ReadonlyMap<string, readonly string[]> = new Map();
  /** The nodes each declared node pool starts with, by pool name. */
  nodePoolCounts: ReadonlyMap<string, number> = new Map();
  /** The labels each declared node pool's nodes carry (zone labels aside), by pool name. */
  nodePoolLabels: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map();
  /** etcd cluster names declared in `cluster` (set once the etcd clusters are compiled). */
  etcdClusterNames: readonly string[] = [];
  /** The run's virtual-time limit (µs), known before the workload is compiled (usage profiles must fit in it). */
  duration: number | undefined;
  /** The declared images (set once `registries` is compiled; pod templates are checked against it). */
  imageCatalog: ImageCatalog | undefined;
  /** Checks that need the whole workload (references between objects of different ops), run after every op compiled. */
  readonly finalChecks: (() => void)[] = [];

  /** Records a problem at `path` unless `name` is a declared etcd cluster; returns `name`. */
  etcdCluster(path: FieldPath, name: string): string {
    if (!this.etcdClusterNames.includes(name)) this.problem(path, `etcd cluster "${name}" not found (declared: ${this.etcdClusterNames.join(', ')})`);
    return name;
  }

  /** @param parent the scenario's context when `source` is another file it reads (problems and checks are shared). */
  constructor(readonly source: ScenarioSource, readonly scope: Scope, parent?: CompileContext) {
    this.problems = parent?.problems ?? [];
    this.root = parent?.root ?? this;
  }

  /** Records a problem at `path`. */
  problem(path: FieldPath, message: string): void {
    this.problems.push(this.source.problem(path, message));
  }

  /** Evaluates a number/unit/expression field; records a problem and returns NaN when invalid. */
  value(path: FieldPath, raw: unknown, kind: ValueKind): number {
    if (typeof raw !== 'number' && typeof raw !== 'string') {
      this.problem(path, `expected a ${kind} (number or expression string)`);
      return NaN;
    }
    try {
      return evaluateValue(raw, kind, this.scope);
    } catch (e) {
      this.problem(path, (e as Error).message);
      return NaN;
    }
  }

  /** Like `value` with a lower bound check (`must be >= min`). */
  atLeast(path: FieldPath, raw: unknown, kind: ValueKind, min: number): number {
    const v = this.value(path, raw, kind);
    if (Number.isNaN(v)) return v;
    if (v < min) {
      this.problem(path, `must be >= ${min}, got ${v}`);
      return NaN;
    }
    return v;
  }

  /** A resource list (`cpu: 500m`, `memory: 1Gi`) in canonical integer amounts. */
  resources(path: FieldPath, raw: unknown): Record<string, number> {
    const out: Record<string, number> = {};
    if (raw === undefined || raw === null) return out;
    for (const [name, q] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof q !== 'number' && typeof q !== 'string') {
        this.problem([...path, name], 'expected a quantity such as "500m" or "1Gi"');
        continue;
      }
      try {
        out[name] = resourceAmount(name, q);
      } catch (e) {
        this.problem([...path, name], (e as Error).message);
      }
    }
    return out;
  }

  /** A distribution of durations (`{lognormal: {median: 2ms, p99: 20ms}}`) over µs. */
  durationDistribution(path: FieldPath, raw: unknown): Distribution | undefined {
    const before = this.problems.length;
    const entries = Object.entries(raw as Record<string, unknown>);
    const [family, args] = entries[0] ?? ['', undefined];
    const p = [...path, family];
    const a = (args ?? {}) as Record<string, unknown>;
    let spec: DistributionSpec;
    switch (family) {
      case 'constant':
        spec = { constant: this.value(p, args, 'duration') };
        break;
      case 'uniform':
        spec = { uniform: { min: this.value([...p, 'min'], a['min'], 'duration'), max: this.value([...p, 'max'], a['max'], 'duration') } };
        break;
      case 'exponential':
        spec = { exponential: { mean: this.value([...p, 'mean'], a['mean'], 'duration') } };
        break;
      case 'normal':
        spec = { normal: { mean: this.value([...p, 'mean'], a['mean'], 'duration'), stddev: this.value([...p, 'stddev'], a['stddev'], 'duration') } };
        break;
      case 'lognormal':
        spec = { lognormal: { median: this.value([...p, 'median'], a['median'], 'duration'), p99: this.value([...p, 'p99'], a['p99'], 'duration') } };
        break;
      case 'empirical': {
        const rows = (args as unknown[][]).map((row, i) => [
          this.value([...p, i, 0], row[0], 'fraction'),
          this.value([...p, i, 1], row[1], 'duration'),
        ] as [number, number]);
        spec = { empirical: rows };
        break;
      }
      default:
        this.problem(path, `unknown distribution "${family}" (use constant, uniform, exponential, normal, lognormal or empirical)`);
        return undefined;
    }
    if (this.problems.length > before) return undefined;
    try {
      return createDistribution(spec);
    } catch (e) {
      this.problem(p, (e as Error).message);
      return undefined;
    }
  }
}
