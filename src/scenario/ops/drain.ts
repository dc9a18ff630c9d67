/**
 * `drain`: `kubectl drain` of the selected nodes (node, pool, zone, fraction or count as in
 * node-selection.ts, narrowed by a node `labelSelector`), `concurrency` nodes at a time (default
 * 1, as `kubectl drain` of several nodes goes one by one), each as drain-node.ts: cordon, evict
 * its pods through the eviction API (PodDisruptionBudgets may refuse with 429; retried every
 * 5 s) and wait for them to be gone. Options: `timeout` per node (0: none), `gracePeriodSeconds`,
 * `force` (bare pods too), `disableEviction` (DELETE, bypassing the budgets). It runs as the
 * workload's admin through its own client at client-go's default QPS 5 and burst 10 (kubectl
 * sets only its discovery limits). The op ends when every node is drained or has failed.
 *
 * Metrics: `kubesim_drain_node_duration_seconds` (histogram, per drained node),
 * `kubesim_drain_duration_seconds` (histogram, per drain op), `kubesim_drain_nodes_total{result}`
 * (drained, failed), `kubesim_drain_eviction_responses_total{code}` (201 granted, 429 refused by
 * a budget, ...); the budgets' lowest healthy pods while drains run come from
 * controllers/disruption/disruption-tracker.ts.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { LabelSelector } from '../../api/objects.js';
import { Signal, spawn } from '../../engine/process.js';
import { expr } from '../schema.js';
import { drainNode, type DrainOptions, type NodeDrainResult } from './drain-node.js';
import { workloadGroups, workloadUser } from './create-pods.js';
import { compileNodeSelection, nodeSelectionProperties, selectNodes } from './node-selection.js';
import type { OpDefinition } from './registry.js';
import { zoneLabel } from '../../controllers/node-lifecycle/zone-state.js';

/** client-go's default rate limits (rest.DefaultQPS 5, DefaultBurst 10), which kubectl's REST client keeps. */
export const kubectlClientConnection = { qps: 5, burst: 10 } as const;

const selectorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'operator'], properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } } } },
  },
};

/** The drain op. */
export const drainOp: OpDefinition = {
  opcode: 'drain',
  schema: {
    properties: {
      ...nodeSelectionProperties, labelSelector: selectorSchema, concurrency: expr, timeout: expr, gracePeriodSeconds: expr,
      force: { type: 'boolean' }, disableEviction: { type: 'boolean' },
    },
  },
  compile(ctx, path, raw, index) {
    const before = ctx.problems.length;
    const selection = compileNodeSelection(ctx, path, raw);
    const labelSelector = raw['labelSelector'] as LabelSelector | undefined;
    if (labelSelector !== undefined) {
      const pools = raw['pool'] === undefined ? ctx.nodePoolNames : [String(raw['pool'])];
      const matches = pools.some((p) => {
        const labels = ctx.nodePoolLabels.get(p) ?? {};
        const zones = ctx.nodePoolZones.get(p) ?? [];
        return (zones.length === 0 ? [labels] : zones.map((z) => ({ ...labels, [zoneLabel]: z }))).some((l) => matchesLabelSelector(labelSelector, l));
      });
      if (!matches) ctx.problem([...path, 'labelSelector'], `no node of ${raw['pool'] === undefined ? 'any node pool' : `node pool "${String(raw['pool'])}"`} has labels matching this selector`);
    }
    const concurrency = raw['concurrency'] === undefined ? 1 : ctx.atLeast([...path, 'concurrency'], raw['concurrency'], 'integer', 1);
    const timeout = raw['timeout'] === undefined ? 0 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 0);
    const grace = raw['gracePeriodSeconds'] === undefined ? undefined : ctx.atLeast([...path, 'gracePeriodSeconds'], raw['gracePeriodSeconds'], 'integer', 0);
    if (selection === undefined || ctx.problems.length > before) return undefined;
    const options: DrainOptions = {
      timeout,
      force: raw['force'] === true,
      disableEviction: raw['disableEviction'] === true,
      ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
    };
    return {
      opcode: 'drain',
      index,
      *run(run) {
        const store = run.cluster.store;
        const candidates = run.cluster.kubeletNodes().filter((n) => !n.failed && (labelSelector === undefined || matchesLabelSelector(labelSelector, store.get('Node', n.name)?.metadata.labels ?? {})));
        const picked = selectNodes(selection, candidates, run.cluster.streams.stream('drain'));
        if (picked.length === 0) {
          run.warn(`drain workload[${index}]: no node matched`);
          return;
        }
        const tracker = run.cluster.controllerManager?.disruptionTracker;
        tracker?.begin();
        const client = run.cluster.client('kubectl', kubectlClientConnection.qps, kubectlClientConnection.burst);
        const start = run.sim.now;
        const all = new Signal<void>(run.sim);
        let next = 0;
        let running = 0;
        const nodeTime = run.metrics.histogram('kubesim_drain_node_duration_seconds');
        const record = (node: string, began: number, r: NodeDrainResult): void => {
          run.metrics.counter('kubesim_drain_nodes_total', { result: r.ok ? 'drained' : 'failed' }).inc();
          for (const [code, n] of r.evictionCodes) run.metrics.counter('kubesim_drain_eviction_responses_total', { code: String(code) }).inc(n);
          if (r.ok) nodeTime.observe((run.sim.now - began) / 1e6);
          else run.warn(`drain workload[${index}]: node ${node}: ${r.message}`);
        };
        const worker = function* (): Generator<number | Signal<unknown>, void, unknown> {
          while (next < picked.length) {
            const node = (picked[next++] as { name: string }).name;
            const began = run.sim.now;
            let result: NodeDrainResult | undefined;
            yield* drainNode({ sim: run.sim, store }, client, workloadUser, node, options, (r) => (result = r), workloadGroups);
            if (result !== undefined) record(node, began, result);
          }
          if (--running === 0) all.fire();
        };
        running = Math.min(concurrency, picked.length);
        for (let i = 0; i < running; i++) spawn(run.sim, worker);
        yield all;
        tracker?.end();
        run.metrics.histogram('kubesim_drain_duration_seconds').observe((run.sim.now - start) / 1e6);
      },
    };
  },
};
