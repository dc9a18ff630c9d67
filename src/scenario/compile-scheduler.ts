/**
 * Compiles `cluster.scheduler`, a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1):
 * global settings, profiles with `plugins` merged onto the default profile as upstream merges
 * them (per-point and multiPoint enabled/disabled, `*` to disable all), weights, `pluginConfig`
 * args checked by each plugin's factory, and kubesim's `costModel` extension.
 */
import { defaultCostModel, type CostModel, type PluginCost } from '../scheduler/cost-model.js';
import { defaultMultiPoint, defaultSchedulerName, type PluginRef } from '../scheduler/config/default-plugins.js';
import type { EnabledPlugin, ProfileConfig, SchedulerConfiguration } from '../scheduler/config/scheduler-configuration.js';
import { extensionPoints, implementsPoint, type ExtensionPoint, type Plugin } from '../scheduler/framework/extension-points.js';
import type { FrameworkHandle } from '../scheduler/framework/handle.js';
import { PluginArgsError, type Registry } from '../scheduler/framework/registry.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';

type Raw = Record<string, unknown>;
interface PluginSet {
  enabled?: PluginRef[];
  disabled?: { name: string }[];
}

/** Upstream defaults: parallelism 16, adaptive percentageOfNodesToScore, backoff 1 s → 10 s, 5 min in unschedulablePods, client 50/100 (REFERENCE.md). */
const defaults = { parallelism: 16, percentageOfNodesToScore: 0, podInitialBackoffSeconds: 1, podMaxBackoffSeconds: 10, podMaxInUnschedulablePodsDuration: 300e6, qps: 50, burst: 100 };

function unavailable(): never {
  throw new Error('the framework handle cannot be used while the configuration is validated');
}

/** A handle for instantiating plugins at validation time: an empty cluster; calls that act throw. */
const validationHandle: FrameworkHandle = {
  snapshot: { nodeInfoList: [], havePodsWithAffinityList: () => [], havePodsWithRequiredAntiAffinityList: () => [], get: () => undefined },
  now: () => 0,
  rng: { next: () => 0, int: () => 0 },
  send: unavailable,
  runFilterPlugins: unavailable,
  runPreFilterExtensionAddPod: unavailable,
  runPreFilterExtensionRemovePod: unavailable,
  podDisruptionBudgets: () => [],
};

function num(ctx: CompileContext, path: FieldPath, raw: unknown, kind: 'integer' | 'number' | 'rate', min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.value(path, raw, kind);
  if (Number.isNaN(v)) return fallback;
  if (v < min || v > max) {
    ctx.problem(path, `must be between ${min} and ${max}, got ${v}`);
    return fallback;
  }
  return v;
}

/** A duration in ns (costs are sub-microsecond): evaluated with µs resolution after scaling by 1000. */
function nanos(ctx: CompileContext, path: FieldPath, raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const v = ctx.value(path, typeof raw === 'number' ? raw : `(${raw}) * 1000`, 'duration');
  return Number.isNaN(v) ? undefined : v;
}

function compileCost(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): CostModel {
  if (raw === undefined) return defaultCostModel;
  const pluginCost = (p: FieldPath, r: Raw | undefined): PluginCost => {
    const out: Record<string, number> = {};
    for (const k of ['preFilter', 'filterPerNode', 'preScore', 'scorePerNode']) {
      const v = nanos(ctx, [...p, k], r?.[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const plugins: Record<string, PluginCost> = { ...defaultCostModel.plugins };
  for (const [name, r] of Object.entries((raw['plugins'] ?? {}) as Record<string, Raw>)) plugins[name] = { ...plugins[name], ...pluginCost([...path, 'plugins', name], r) };
  return {
    cycleOverhead: nanos(ctx, [...path, 'cycleOverhead'], raw['cycleOverhead']) ?? defaultCostModel.cycleOverhead,
    defaults: { ...defaultCostModel.defaults, ...pluginCost([...path, 'defaults'], raw['defaults'] as Raw | undefined) },
    plugins,
  };
}

/** Upstream mergePluginSet: defaults not disabled (overridden in place by a custom entry of the same name), then custom additions. */
function merge(base: readonly PluginRef[], custom: PluginSet | undefined): PluginRef[] {
  if (custom === undefined) return [...base];
  const disabled = new Set((custom.disabled ?? []).map((d) => d.name));
  const enabled = custom.enabled ?? [];
  const out: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of base) {
      if (disabled.has(d.name)) continue;
      out.push(enabled.find((e) => e.name === d.name) ?? d);
    }
  }
  for (const e of enabled) if (!out.some((o) => o.name === e.name)) out.push(e);
  return out;
}

/** Compiles one profile; plugin problems are reported at their config path. */
function compileProfile(ctx: CompileContext, path: FieldPath, raw: Raw, registry: Registry): ProfileConfig {
  const plugins = (raw['plugins'] ?? {}) as Record<string, PluginSet>;
  const pluginArgs = new Map<string, Record<string, unknown>>();
  ((raw['pluginConfig'] ?? []) as { name: string; args?: Record<string, unknown> }[]).forEach((pc, i) => {
    if (registry.get(pc.name) === undefined) ctx.problem([...path, 'pluginConfig', i, 'name'], `unknown plugin "${pc.name}"`);
    if (pluginArgs.has(pc.name)) ctx.problem([...path, 'pluginConfig', i, 'name'], `duplicate pluginConfig for "${pc.name}"`);
    pluginArgs.set(pc.name, pc.args ?? {});
  });
  const instances = new Map<string, Plugin | undefined>();
  const instance = (name: string, at: FieldPath): Plugin | undefined => {
    if (instances.has(name)) return instances.get(name);
    const factory = registry.get(name);
    let p: Plugin | undefined;
    if (factory === undefined) ctx.problem(at, `unknown plugin "${name}" (known: ${registry.names().join(', ')})`);
    else {
      try {
        p = factory(pluginArgs.get(name) ?? {}, validationHandle);
      } catch (e) {
        const i = ((raw['pluginConfig'] ?? []) as { name: string }[]).findIndex((pc) => pc.name === name);
        if (e instanceof PluginArgsError) ctx.problem(i >= 0 ? [...path, 'pluginConfig', i, 'args', ...e.path] : at, e.message);
        else ctx.problem(at, `plugin "${name}" failed to start: ${(e as Error).message}`);
      }
    }
    instances.set(name, p);
    return p;
  };
  const checkRefs = (point: string, set: PluginSet | undefined): void => {
    set?.enabled?.forEach((e, i) => {
      const at: FieldPath = [...path, 'plugins', point, 'enabled', i];
      if (e.weight !== undefined && (e.weight <= 0 || e.weight > 100 || !Number.isInteger(e.weight))) ctx.problem([...at, 'weight'], `must be an integer from 1 to 100, got ${e.weight}`);
      const p = instance(e.name, [...at, 'name']);
      if (p !== undefined && point !== 'multiPoint' && !implementsPoint(p, point as ExtensionPoint)) ctx.problem([...at, 'name'], `plugin "${e.name}" does not implement the ${point} extension point`);
    });
  };
  checkRefs('multiPoint', plugins['multiPoint']);
  const multi = merge(defaultMultiPoint, plugins['multiPoint']);
  const points = {} as Record<ExtensionPoint, EnabledPlugin[]>;
  for (const point of extensionPoints) {
    const specific = plugins[point];
    checkRefs(point, specific);
    const specificEnabled = specific?.enabled ?? [];
    const disabled = new Set((specific?.disabled ?? []).map((d) => d.name));
    const fromMulti = disabled.has('*') ? [] : multi.filter((m) => !disabled.has(m.name) && !specificEnabled.some((s) => s.name === m.name));
    const overrides = multi.filter((m) => specificEnabled.some((s) => s.name === m.name)).map((m) => specificEnabled.find((s) => s.name === m.name) as PluginRef);
    const extra = specificEnabled.filter((s) => !multi.some((m) => m.name === s.name));
    points[point] = [...overrides, ...fromMulti, ...extra]
      .filter((ref) => {
        const p = instance(ref.name, [...path, 'plugins']);
        return p !== undefined && implementsPoint(p, point);
      })
      .map((ref) => ({ name: ref.name, weight: ref.weight ?? multi.find((m) => m.name === ref.name)?.weight ?? 1 }));
  }
  for (const name of pluginArgs.keys()) if (registry.get(name) !== undefined) instance(name, [...path, 'pluginConfig']);
  if (points.queueSort.length !== 1) ctx.problem([...path, 'plugins', 'queueSort'], `exactly one queueSort plugin must be enabled, got ${points.queueSort.length}`);
  if (points.bind.length === 0) ctx.problem([...path, 'plugins', 'bind'], 'at least one bind plugin must be enabled');
  const pct = raw['percentageOfNodesToScore'] === undefined ? undefined : num(ctx, [...path, 'percentageOfNodesToScore'], raw['percentageOfNodesToScore'], 'integer', 0, 100, 0);
  return { schedulerName: (raw['schedulerName'] as string | undefined) ?? defaultSchedulerName, percentageOfNodesToScore: pct, points, pluginArgs };
}

/** Compiles `cluster.scheduler` (absent: the upstream defaults with the default profile). */
export function compileSchedulerConfiguration(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, registry: Registry): SchedulerConfiguration {
  const r = raw ?? {};
  const conn = (r['clientConnection'] ?? {}) as Raw;
  const rawProfiles = (r['profiles'] as Raw[] | undefined) ?? [{}];
  const profiles = rawProfiles.map((p, i) => compileProfile(ctx, [...path, 'profiles', i], p, registry));
  const names = new Set<string>();
  profiles.forEach((p, i) => {
    if (names.has(p.schedulerName)) ctx.problem([...path, 'profiles', i, 'schedulerName'], `duplicate schedulerName "${p.schedulerName}"`);
    names.add(p.schedulerName);
    const sort = p.points.queueSort[0]?.name;
    if (i > 0 && sort !== profiles[0]?.points.queueSort[0]?.name) ctx.problem([...path, 'profiles', i, 'plugins', 'queueSort'], 'all profiles must use the same queueSort plugin');
  });
  const initial = num(ctx, [...path, 'podInitialBackoffSeconds'], r['podInitialBackoffSeconds'], 'number', 0, 3600, defaults.podInitialBackoffSeconds);
  const max = num(ctx, [...path, 'podMaxBackoffSeconds'], r['podMaxBackoffSeconds'], 'number', 0, 86400, defaults.podMaxBackoffSeconds);
  if (max < initial) ctx.problem([...path, 'podMaxBackoffSeconds'], `must be >= podInitialBackoffSeconds (${initial})`);
  const leftover = r['podMaxInUnschedulablePodsDuration'];
  return {
    parallelism: num(ctx, [...path, 'parallelism'], r['parallelism'], 'integer', 1, 1024, defaults.parallelism),
    percentageOfNodesToScore: num(ctx, [...path, 'percentageOfNodesToScore'], r['percentageOfNodesToScore'], 'integer', 0, 100, defaults.percentageOfNodesToScore),
    podInitialBackoff: Math.round(initial * 1e6),
    podMaxBackoff: Math.round(max * 1e6),
    podMaxInUnschedulablePodsDuration: leftover === undefined ? defaults.podMaxInUnschedulablePodsDuration : ctx.atLeast([...path, 'podMaxInUnschedulablePodsDuration'], leftover, 'duration', 1),
    clientConnection: {
      qps: num(ctx, [...path, 'clientConnection', 'qps'], conn['qps'], 'rate', 0, 1e9, defaults.qps),
      burst: num(ctx, [...path, 'clientConnection', 'burst'], conn['burst'], 'integer', 1, 1e9, defaults.burst),
    },
    profiles,
    costModel: compileCost(ctx, [...path, 'costModel'], r['costModel'] as Raw | undefined),
  };
}
