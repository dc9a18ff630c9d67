/**
 * `cluster.dra` (node-side DRA parameters: prepare latency, GPU cold start, utilisation overhead
 * per sharing strategy, default GPU demand) and the `devices` field of createNodes (the GPU
 * driver a node runs: driver name, count, model, memory, sharing strategy).
 */
import { resourceAmount } from '../api/quantity.js';
import { createDistribution, type Distribution, type DistributionSpec } from '../engine/distribution.js';
import { defaultDraParams, sharingStrategies, type DraParams, type SharingStrategy } from '../dra/dra-params.js';
import { nvidiaGpuDriver, type GpuDriverSpec, type GpuSharing } from '../dra/gpu-driver/gpu-slices.js';
import { migProfile, migProfileNames } from '../dra/gpu-driver/mig-profiles.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { distribution, expr } from './schema-primitives.js';

type Raw = Record<string, unknown>;

/** Schema of `cluster.dra`. */
export const draSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    prepareLatency: distribution,
    coldStart: { type: 'object', additionalProperties: false, properties: { firstConsumer: distribution, sharedConsumer: distribution } },
    utilization: {
      type: 'object',
      additionalProperties: false,
      properties: {
        overhead: { type: 'object', additionalProperties: false, properties: Object.fromEntries(sharingStrategies.map((s) => [s, expr])) },
        defaultDemand: expr,
      },
    },
  },
} as const;

/** Schema of createNodes' `devices`. */
export const nodeDevicesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['count', 'model', 'memory'],
  properties: {
    driver: { type: 'string', minLength: 1 },
    count: expr,
    model: { type: 'string', minLength: 1 },
    memory: { type: ['number', 'string'] },
    sharing: {
      type: 'object',
      additionalProperties: false,
      required: ['strategy'],
      properties: {
        strategy: { enum: ['Exclusive', 'Shares', 'TimeSlicing', 'MPS', 'MIG'] },
        shares: expr,
        perAllocation: expr,
        replicas: expr,
        maxClients: expr,
        defaultActiveThreadPercentage: expr,
        profiles: { type: 'array', minItems: 1, items: { type: 'string' } },
      },
    },
  },
} as const;

function dist(ctx: CompileContext, path: FieldPath, raw: unknown, fallback: DistributionSpec): Distribution {
  if (raw === undefined) return createDistribution(fallback);
  return ctx.durationDistribution(path, raw) ?? createDistribution(fallback);
}

function fraction(ctx: CompileContext, path: FieldPath, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.value(path, raw, 'number');
  if (Number.isNaN(v)) return fallback;
  if (v < 0 || v > max) ctx.problem(path, `must be between 0 and ${max}, got ${v}`);
  return v;
}

/** Compiles `cluster.dra` at `path` (absent: the defaults). */
export function compileDra(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): DraParams {
  const r = raw ?? {};
  const cold = (r['coldStart'] ?? {}) as Raw;
  const util = (r['utilization'] ?? {}) as Raw;
  const over = (util['overhead'] ?? {}) as Raw;
  const overhead = Object.fromEntries(sharingStrategies.map((s) => [s, fraction(ctx, [...path, 'utilization', 'overhead', s], over[s], defaultDraParams.overhead[s], 1)])) as Record<SharingStrategy, number>;
  return {
    prepareLatency: dist(ctx, [...path, 'prepareLatency'], r['prepareLatency'], defaultDraParams.prepareLatency),
    coldStartFirst: dist(ctx, [...path, 'coldStart', 'firstConsumer'], cold['firstConsumer'], defaultDraParams.coldStartFirst),
    coldStartShared: dist(ctx, [...path, 'coldStart', 'sharedConsumer'], cold['sharedConsumer'], defaultDraParams.coldStartShared),
    overhead,
    defaultDemand: fraction(ctx, [...path, 'utilization', 'defaultDemand'], util['defaultDemand'], defaultDraParams.defaultDemand, 1),
  };
}

function positive(ctx: CompileContext, path: FieldPath, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = ctx.atLeast(path, raw, 'integer', 1);
  return Number.isNaN(v) ? fallback : v;
}

function sharing(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): GpuSharing {
  const strategy = (raw?.['strategy'] as GpuSharing['strategy'] | undefined) ?? 'Exclusive';
  const r = raw ?? {};
  switch (strategy) {
    case 'Exclusive':
      return { strategy };
    case 'Shares': {
      const shares = positive(ctx, [...path, 'shares'], r['shares'], 10);
      const perAllocation = positive(ctx, [...path, 'perAllocation'], r['perAllocation'], 1);
      if (perAllocation > shares) ctx.problem([...path, 'perAllocation'], `must not exceed shares (${shares})`);
      return { strategy, shares, perAllocation };
    }
    case 'TimeSlicing':
      return { strategy, replicas: positive(ctx, [...path, 'replicas'], r['replicas'], 4) };
    case 'MPS': {
      const maxClients = positive(ctx, [...path, 'maxClients'], r['maxClients'], 16);
      const pct = positive(ctx, [...path, 'defaultActiveThreadPercentage'], r['defaultActiveThreadPercentage'], Math.floor(100 / maxClients) || 1);
      if (pct > 100) ctx.problem([...path, 'defaultActiveThreadPercentage'], 'must be <= 100');
      return { strategy, maxClients, defaultActiveThreadPercentage: pct };
    }
    case 'MIG': {
      const profiles = (r['profiles'] as string[] | undefined) ?? ['1g.5gb'];
      profiles.forEach((p, i) => {
        if (migProfile(p) === undefined) ctx.problem([...path, 'profiles', i], `unknown MIG profile "${p}" (known: ${migProfileNames.join(', ')})`);
      });
      return { strategy, profiles };
    }
  }
}

/** Compiles createNodes' `devices` at `path`. */
export function compileNodeDevices(ctx: CompileContext, path: FieldPath, raw: Raw): GpuDriverSpec {
  let memory = 0;
  try {
    memory = resourceAmount('memory', raw['memory'] as string | number);
  } catch (e) {
    ctx.problem([...path, 'memory'], (e as Error).message);
  }
  return {
    driver: (raw['driver'] as string | undefined) ?? nvidiaGpuDriver,
    count: positive(ctx, [...path, 'count'], raw['count'], 1),
    model: String(raw['model']),
    memory,
    sharing: sharing(ctx, [...path, 'sharing'], raw['sharing'] as Raw | undefined),
  };
}
