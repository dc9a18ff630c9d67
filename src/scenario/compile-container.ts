/**
 * Compiles the lifecycle parts of a pod template's container: probes (v1 Probe timing fields with
 * upstream defaults and validation: `periodSeconds` >= 1, thresholds >= 1, `successThreshold` 1
 * for liveness and startup probes), the preStop hook (`lifecycle.preStop.sleep.seconds`, or the
 * behavior's `preStopDuration` for exec/httpGet hooks), `restartPolicy: Always` (sidecars, init
 * containers only) and kubesim's `behavior` — the modelled application: ready time, exit (after a
 * fixed or drawn run time, failing with `failureProbability`), hang,
 * shutdown, and memory/ephemeral-storage usage (`initial` or `requestFraction`, `growthPerMinute`,
 * or a piecewise `profile` of [time, amount] points no longer than the run), and cpu usage (the
 * same shapes in millicores, plus the share of a named `load` the container serves while Ready).
 */
import type { Container, ContainerBehavior, CpuUsageModel, Probe, UsageModel } from '../api/objects.js';
import { resourceAmount } from '../api/quantity.js';
import { defaultProbe } from '../node/kubelet/probe-worker.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { distribution, expr } from './schema-primitives.js';

type Raw = Record<string, unknown>;

const probeSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    initialDelaySeconds: { type: 'integer' }, periodSeconds: { type: 'integer' }, timeoutSeconds: { type: 'integer' },
    successThreshold: { type: 'integer' }, failureThreshold: { type: 'integer' }, terminationGracePeriodSeconds: { type: 'integer' },
    exec: {}, httpGet: {}, tcpSocket: {}, grpc: {},
  },
} as const;

const usageSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { initial: expr, requestFraction: expr, growthPerMinute: expr, profile: { type: 'array', minItems: 1, items: { type: 'array', minItems: 2, maxItems: 2, items: expr } } },
} as const;

const cpuQuantity = { type: ['string', 'number'] } as const;
const cpuSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { initial: cpuQuantity, requestFraction: expr, profile: { type: 'array', minItems: 1, items: { type: 'array', minItems: 2, maxItems: 2, items: [expr, cpuQuantity] } }, load: { type: 'string', minLength: 1 } },
} as const;

/** JSON Schemas of the container fields compiled here. */
export const containerLifecycleSchemas = {
  startupProbe: probeSchema,
  readinessProbe: probeSchema,
  livenessProbe: probeSchema,
  restartPolicy: { enum: ['Always'] },
  lifecycle: {
    type: 'object',
    additionalProperties: false,
    properties: {
      postStart: {},
      stopSignal: {},
      preStop: {
        type: 'object',
        additionalProperties: false,
        properties: { exec: {}, httpGet: {}, tcpSocket: {}, sleep: { type: 'object', additionalProperties: false, required: ['seconds'], properties: { seconds: { type: 'integer', minimum: 0 } } } },
      },
    },
  },
  behavior: {
    type: 'object',
    additionalProperties: false,
    properties: {
      readyAfter: distribution, exitAfter: { anyOf: [expr, distribution] }, exitCode: { type: 'integer', minimum: 0, maximum: 255 }, neverReady: { type: 'boolean' },
      failureProbability: expr, failureExitCode: { type: 'integer', minimum: 1, maximum: 255 },
      unhealthyAfter: expr, shutdownAfter: expr, preStopDuration: expr, memory: usageSchema, ephemeralStorage: usageSchema, cpu: cpuSchema,
    },
  },
} as const;

function probe(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, type: 'startup' | 'readiness' | 'liveness'): Probe | undefined {
  if (raw === undefined) return undefined;
  const field = (name: keyof Probe, min: number): number => {
    const v = raw[name];
    if (v === undefined) return defaultProbe[name];
    if (typeof v !== 'number' || v < min) {
      ctx.problem([...path, name], `must be greater than or equal to ${min}, got ${String(v)}`);
      return defaultProbe[name];
    }
    return v;
  };
  const p: Probe = {
    initialDelaySeconds: field('initialDelaySeconds', 0),
    periodSeconds: field('periodSeconds', 1),
    timeoutSeconds: field('timeoutSeconds', 1),
    successThreshold: field('successThreshold', 1),
    failureThreshold: field('failureThreshold', 1),
  };
  if (type !== 'readiness' && p.successThreshold !== 1) ctx.problem([...path, 'successThreshold'], `must be 1 for a ${type} probe`);
  return p;
}

function usage(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, request: number | undefined): UsageModel | undefined {
  if (raw === undefined) return undefined;
  if (raw['initial'] !== undefined && raw['requestFraction'] !== undefined) ctx.problem(path, 'set initial or requestFraction, not both');
  if (raw['profile'] !== undefined && (raw['initial'] !== undefined || raw['requestFraction'] !== undefined || raw['growthPerMinute'] !== undefined)) {
    ctx.problem([...path, 'profile'], 'a profile replaces initial, requestFraction and growthPerMinute');
  }
  let initial = raw['initial'] === undefined ? 0 : ctx.atLeast([...path, 'initial'], raw['initial'], 'size', 0);
  if (raw['requestFraction'] !== undefined) {
    const f = ctx.value([...path, 'requestFraction'], raw['requestFraction'], 'fraction');
    if (request === undefined) ctx.problem([...path, 'requestFraction'], 'the container requests none of this resource');
    initial = f * (request ?? 0);
  }
  const growth = raw['growthPerMinute'] === undefined ? 0 : ctx.atLeast([...path, 'growthPerMinute'], raw['growthPerMinute'], 'size', 0) / 60;
  const rows = raw['profile'] as unknown[][] | undefined;
  if (rows === undefined) return { initial, growthPerSecond: growth };
  const profile: [number, number][] = rows.map((row, i) => [ctx.atLeast([...path, 'profile', i, 0], row[0], 'duration', 0), ctx.atLeast([...path, 'profile', i, 1], row[1], 'size', 0)]);
  profile.forEach(([t], i) => {
    if (i > 0 && !(t > profile[i - 1]![0])) ctx.problem([...path, 'profile', i, 0], 'times must increase');
  });
  const last = profile[profile.length - 1]![0];
  if (ctx.duration !== undefined && last > ctx.duration) {
    ctx.problem([...path, 'profile', profile.length - 1, 0], `the profile (${last / 1e6} s) is longer than the scenario's duration (${ctx.duration / 1e6} s)`);
  }
  return { initial: profile[0]![1], growthPerSecond: 0, profile };
}

function millicores(ctx: CompileContext, path: FieldPath, raw: unknown): number {
  try {
    return resourceAmount('cpu', raw as string | number);
  } catch (e) {
    ctx.problem(path, (e as Error).message);
    return 0;
  }
}

/** `behavior.cpu`: millicores the container uses by itself (`initial`, `requestFraction` of its cpu request, or a `profile`), and the `load` it shares. */
function cpuUsage(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, request: number | undefined): CpuUsageModel | undefined {
  if (raw === undefined) return undefined;
  const set = ['initial', 'requestFraction', 'profile'].filter((k) => raw[k] !== undefined);
  if (set.length > 1) ctx.problem([...path, set[1] as string], `set one of initial, requestFraction and profile, not ${set.join(' and ')}`);
  let initial = raw['initial'] === undefined ? 0 : millicores(ctx, [...path, 'initial'], raw['initial']);
  if (raw['requestFraction'] !== undefined) {
    const f = ctx.value([...path, 'requestFraction'], raw['requestFraction'], 'fraction');
    if (request === undefined) ctx.problem([...path, 'requestFraction'], 'the container requests no cpu');
    initial = f * (request ?? 0);
  }
  const rows = raw['profile'] as unknown[][] | undefined;
  let base: UsageModel = { initial, growthPerSecond: 0 };
  if (rows !== undefined) {
    const profile: [number, number][] = rows.map((row, i) => [ctx.atLeast([...path, 'profile', i, 0], row[0], 'duration', 0), millicores(ctx, [...path, 'profile', i, 1], row[1])]);
    profile.forEach(([t], i) => {
      if (i > 0 && !(t > profile[i - 1]![0])) ctx.problem([...path, 'profile', i, 0], 'times must increase');
    });
    base = { initial: profile[0]![1], growthPerSecond: 0, profile };
  }
  const load = raw['load'] as string | undefined;
  return { base, ...(load === undefined ? {} : { load }) };
}

function behavior(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, c: Pick<Container, 'resources'>): ContainerBehavior | undefined {
  if (raw === undefined) return undefined;
  const dur = (name: string): number | undefined => (raw[name] === undefined ? undefined : ctx.atLeast([...path, name], raw[name], 'duration', 0));
  const readyAfter = raw['readyAfter'] === undefined ? undefined : ctx.durationDistribution([...path, 'readyAfter'], raw['readyAfter']);
  const out: { -readonly [K in keyof ContainerBehavior]: ContainerBehavior[K] } = {};
  if (readyAfter !== undefined) out.readyAfter = readyAfter;
  const exitAfter = raw['exitAfter'];
  if (exitAfter !== null && typeof exitAfter === 'object') {
    const d = ctx.durationDistribution([...path, 'exitAfter'], exitAfter);
    if (d !== undefined) out.exitAfter = d;
  } else if (exitAfter !== undefined) out.exitAfter = ctx.atLeast([...path, 'exitAfter'], exitAfter, 'duration', 0);
  if (raw['failureProbability'] !== undefined) {
    if (exitAfter === undefined) ctx.problem([...path, 'failureProbability'], 'needs exitAfter (a run fails when it exits)');
    out.failureProbability = ctx.value([...path, 'failureProbability'], raw['failureProbability'], 'fraction');
  }
  if (raw['failureExitCode'] !== undefined) out.failureExitCode = raw['failureExitCode'] as number;
  for (const name of ['unhealthyAfter', 'shutdownAfter', 'preStopDuration'] as const) {
    const v = dur(name);
    if (v !== undefined) out[name] = v;
  }
  if (raw['exitCode'] !== undefined) out.exitCode = raw['exitCode'] as number;
  if (raw['neverReady'] === true) out.neverReady = true;
  const memory = usage(ctx, [...path, 'memory'], raw['memory'] as Raw | undefined, c.resources.requests['memory']);
  if (memory !== undefined) out.memory = memory;
  const storage = usage(ctx, [...path, 'ephemeralStorage'], raw['ephemeralStorage'] as Raw | undefined, c.resources.requests['ephemeral-storage']);
  if (storage !== undefined) out.ephemeralStorage = storage;
  const cpu = cpuUsage(ctx, [...path, 'cpu'], raw['cpu'] as Raw | undefined, c.resources.requests['cpu']);
  if (cpu !== undefined) out.cpu = cpu;
  return out;
}

/** Adds the compiled lifecycle fields of the raw container at `path` to `c`. */
export function compileContainerLifecycle(ctx: CompileContext, path: FieldPath, raw: Raw, c: Container, init: boolean): Container {
  if (raw['restartPolicy'] !== undefined && !init) ctx.problem([...path, 'restartPolicy'], 'only init containers may set restartPolicy (Always makes a sidecar)');
  const sidecar = init && raw['restartPolicy'] === 'Always';
  if (init && !sidecar) {
    for (const name of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      if (raw[name] !== undefined) ctx.problem([...path, name], 'init containers other than sidecars (restartPolicy: Always) may not have probes');
    }
  }
  const startupProbe = probe(ctx, [...path, 'startupProbe'], raw['startupProbe'] as Raw | undefined, 'startup');
  const readinessProbe = probe(ctx, [...path, 'readinessProbe'], raw['readinessProbe'] as Raw | undefined, 'readiness');
  const livenessProbe = probe(ctx, [...path, 'livenessProbe'], raw['livenessProbe'] as Raw | undefined, 'liveness');
  const b = behavior(ctx, [...path, 'behavior'], raw['behavior'] as Raw | undefined, c);
  const hook = ((raw['lifecycle'] as Raw | undefined)?.['preStop']) as Raw | undefined;
  const sleep = (hook?.['sleep'] as { seconds: number } | undefined)?.seconds;
  const preStop = hook === undefined ? undefined : { duration: sleep !== undefined ? sleep * 1e6 : (b?.preStopDuration ?? 0) };
  return {
    ...c,
    ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
    ...(startupProbe === undefined ? {} : { startupProbe }),
    ...(readinessProbe === undefined ? {} : { readinessProbe }),
    ...(livenessProbe === undefined ? {} : { livenessProbe }),
    ...(preStop === undefined ? {} : { preStop }),
    ...(b === undefined ? {} : { behavior: b }),
  };
}
