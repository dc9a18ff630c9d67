/**
 * Compiles `cluster.nodeLifecycleController`: kube-controller-manager's node lifecycle flags in
 * camelCase (`nodeMonitorPeriod`, `nodeMonitorGracePeriod`, `nodeStartupGracePeriod`,
 * `nodeEvictionRate`, `secondaryNodeEvictionRate`, `largeClusterSizeThreshold`,
 * `unhealthyZoneThreshold`) and `enabled`; unset fields take the upstream defaults.
 */
import { defaultNodeLifecycleConfig, type NodeLifecycleConfig } from '../controllers/node-lifecycle/node-lifecycle-config.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { expr } from './schema-primitives.js';

/** Schema of `cluster.nodeLifecycleController`. */
export const nodeLifecycleControllerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    nodeMonitorPeriod: expr,
    nodeMonitorGracePeriod: expr,
    nodeStartupGracePeriod: expr,
    nodeEvictionRate: expr,
    secondaryNodeEvictionRate: expr,
    largeClusterSizeThreshold: expr,
    unhealthyZoneThreshold: expr,
  },
} as const;

/** Compiles the section at `path` (absent: the defaults, disabled). */
export function compileNodeLifecycle(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown> | undefined): NodeLifecycleConfig {
  const d = defaultNodeLifecycleConfig;
  if (raw === undefined) return d;
  const field = (name: keyof NodeLifecycleConfig, kind: 'duration' | 'number' | 'integer' | 'fraction', min: number): number => {
    const v = raw[name];
    if (v === undefined) return d[name] as number;
    const x = ctx.atLeast([...path, name], v, kind, min);
    return Number.isNaN(x) ? (d[name] as number) : x;
  };
  const config: NodeLifecycleConfig = {
    enabled: (raw['enabled'] as boolean | undefined) ?? false,
    nodeMonitorPeriod: field('nodeMonitorPeriod', 'duration', 1),
    nodeMonitorGracePeriod: field('nodeMonitorGracePeriod', 'duration', 1),
    nodeStartupGracePeriod: field('nodeStartupGracePeriod', 'duration', 1),
    nodeEvictionRate: field('nodeEvictionRate', 'number', 0),
    secondaryNodeEvictionRate: field('secondaryNodeEvictionRate', 'number', 0),
    largeClusterSizeThreshold: field('largeClusterSizeThreshold', 'integer', 0),
    unhealthyZoneThreshold: field('unhealthyZoneThreshold', 'fraction', 0),
  };
  return config;
}
