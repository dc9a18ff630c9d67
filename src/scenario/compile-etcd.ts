/**
 * Compiles `cluster.etcd` (the default etcd cluster) and `cluster.etcdClusters` (named ones that
 * `--etcd-servers-overrides` can point resources at). etcd's flags keep their own spelling
 * (`heartbeat-interval`, `quota-backend-bytes`...); model parameters are camelCase.
 */
import type { DistributionSpec } from '../engine/distribution.js';
import { defaultEtcdClusterConfig, validateEtcdConfig, type EtcdClusterConfig } from '../controlplane/etcd/etcd-config.js';
import type { DiskSpec } from '../controlplane/etcd/disk.js';
import type { CompileContext } from './compile-context.js';
import { etcdNumericFields } from './etcd-fields.js';
import type { FieldPath } from './input-error.js';

type Raw = Record<string, unknown>;

const keyOfField = new Map<string, string>([
  ...etcdNumericFields.map(([key, field]) => [field, key] as [string, string]),
  ['autoCompactionRetention', 'auto-compaction-retention'],
  ['autoCompactionMode', 'auto-compaction-mode'],
]);

function distributionSpec(ctx: CompileContext, path: FieldPath, raw: unknown): DistributionSpec | undefined {
  // Reuse the scenario's distribution reader for errors and units, then keep the canonical spec.
  const d = ctx.durationDistribution(path, raw);
  if (d === undefined) return undefined;
  const [family, args] = Object.entries(raw as Raw)[0] ?? [];
  const value = (p: FieldPath, v: unknown): number => ctx.value(p, v, 'duration');
  switch (family) {
    case 'constant':
      return { constant: value([...path, 'constant'], args) };
    case 'uniform': {
      const a = args as Raw;
      return { uniform: { min: value([...path, 'uniform', 'min'], a['min']), max: value([...path, 'uniform', 'max'], a['max']) } };
    }
    case 'exponential':
      return { exponential: { mean: value([...path, 'exponential', 'mean'], (args as Raw)['mean']) } };
    case 'normal': {
      const a = args as Raw;
      return { normal: { mean: value([...path, 'normal', 'mean'], a['mean']), stddev: value([...path, 'normal', 'stddev'], a['stddev']) } };
    }
    case 'lognormal': {
      const a = args as Raw;
      return { lognormal: { median: value([...path, 'lognormal', 'median'], a['median']), p99: value([...path, 'lognormal', 'p99'], a['p99']) } };
    }
    default:
      return { empirical: (args as unknown[][]).map((row, i) => [ctx.value([...path, 'empirical', i, 0], row[0], 'fraction'), value([...path, 'empirical', i, 1], row[1])]) };
  }
}

function compileDisk(ctx: CompileContext, path: FieldPath, raw: unknown): EtcdClusterConfig['disk'] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw as EtcdClusterConfig['disk'];
  const r = raw as Raw;
  const fsync = distributionSpec(ctx, [...path, 'fsync'], r['fsync']);
  const stalls = ((r['stalls'] ?? []) as Raw[]).map((s, i) => ({
    perHour: ctx.atLeast([...path, 'stalls', i, 'perHour'], s['perHour'], 'number', 0),
    duration: distributionSpec(ctx, [...path, 'stalls', i, 'duration'], s['duration']) ?? { constant: 0 },
  }));
  const spec: DiskSpec = { fsync: fsync ?? { constant: 0 }, writeBytesPerSecond: ctx.value([...path, 'writeBytesPerSecond'], r['writeBytesPerSecond'], 'size'), stalls };
  return spec;
}

/** `--auto-compaction-retention`: in periodic mode a duration, where a bare number means hours (etcd's own rule); in revision mode a count. */
function retention(ctx: CompileContext, path: FieldPath, raw: unknown, mode: EtcdClusterConfig['autoCompactionMode']): number {
  if (raw === undefined) return defaultEtcdClusterConfig.autoCompactionRetention;
  if (mode === 'revision') return ctx.atLeast(path, raw, 'integer', 0);
  if (typeof raw === 'number') return ctx.atLeast(path, `${raw} h`, 'duration', 0);
  return ctx.atLeast(path, raw, 'duration', 0);
}

/** Compiles one etcd cluster's fields at `path` over the defaults. */
export function compileEtcdCluster(ctx: CompileContext, path: FieldPath, raw: Raw): EtcdClusterConfig {
  const out: Record<string, unknown> = { ...defaultEtcdClusterConfig };
  for (const [key, field, kind] of etcdNumericFields) if (raw[key] !== undefined) out[field] = ctx.value([...path, key], raw[key], kind);
  const d = compileDisk(ctx, [...path, 'disk'], raw['disk']);
  if (d !== undefined) out['disk'] = d;
  const mode = (raw['auto-compaction-mode'] as EtcdClusterConfig['autoCompactionMode'] | undefined) ?? defaultEtcdClusterConfig.autoCompactionMode;
  out['autoCompactionMode'] = mode;
  out['autoCompactionRetention'] = retention(ctx, [...path, 'auto-compaction-retention'], raw['auto-compaction-retention'], mode);
  for (const key of ['peerRtt', 'clientRtt'] as const) {
    if (raw[key] !== undefined) out[key] = distributionSpec(ctx, [...path, key], raw[key]) ?? defaultEtcdClusterConfig[key];
  }
  if (raw['clientEndpoints'] !== undefined) out['clientEndpoints'] = raw['clientEndpoints'];
  if (raw['alarmAutoDisarm'] !== undefined) out['alarmAutoDisarm'] = raw['alarmAutoDisarm'];
  const config = out as unknown as EtcdClusterConfig;
  for (const issue of validateEtcdConfig(config)) {
    const [head, ...rest] = issue.path;
    // A value that did not parse has been reported already.
    if (typeof head === 'string' && Number.isNaN(out[head])) continue;
    const key = typeof head === 'string' ? (keyOfField.get(head) ?? head) : head;
    ctx.problem([...path, ...(key === undefined ? [] : [key]), ...rest], issue.message);
  }
  return config;
}

/** The etcd clusters by name: `default` from `cluster.etcd`, then `cluster.etcdClusters`. */
export function compileEtcdClusters(ctx: CompileContext, raw: Raw): Map<string, EtcdClusterConfig> {
  const clusters = new Map<string, EtcdClusterConfig>([['default', compileEtcdCluster(ctx, ['cluster', 'etcd'], (raw['etcd'] ?? {}) as Raw)]]);
  ((raw['etcdClusters'] ?? []) as Raw[]).forEach((c, i) => {
    const name = String(c['name']);
    if (clusters.has(name)) ctx.problem(['cluster', 'etcdClusters', i, 'name'], `duplicate etcd cluster name "${name}"${name === 'default' ? ' (cluster.etcd is "default")' : ''}`);
    const { name: _name, ...fields } = c;
    clusters.set(name, compileEtcdCluster(ctx, ['cluster', 'etcdClusters', i], fields));
  });
  return clusters;
}
