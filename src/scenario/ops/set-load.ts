/**
 * `setLoad`: sets a named application load — the CPU serving it costs in total (`cpu`, a
 * quantity: 6 or "6000m" is six cores) — from now on; containers whose `behavior.cpu.load` names it
 * share it while Ready. The op ends at once. Each step is measured against the autoscalers'
 * rescales that follow it, until the next step: `kubesim_load_step_first_rescale_seconds{step}`
 * (how soon the first rescale came), `kubesim_load_step_last_rescale_seconds{step}` (when the
 * replica count last changed) and `kubesim_load_step_replicas{step}` (the desired replicas then);
 * `step` is the op's index in the workload.
 */
import type { HorizontalPodAutoscaler } from '../../api/autoscaling.js';
import { resourceAmount } from '../../api/quantity.js';
import { objectKey } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { RunContext } from '../run-context.js';
import type { OpDefinition } from './registry.js';

interface Step {
  readonly label: string;
  readonly at: Micros;
  first: boolean;
}

/** The current step of each run and the autoscaler watch that measures it. */
const steps = new WeakMap<RunContext, { current: Step | undefined }>();

function stepTracker(run: RunContext): { current: Step | undefined } {
  let t = steps.get(run);
  if (t !== undefined) return t;
  const tracker: { current: Step | undefined } = { current: undefined };
  steps.set(run, tracker);
  const lastScale = new Map<string, number | undefined>();
  run.cluster.store.watch('HorizontalPodAutoscaler', (e) => {
    const hpa: HorizontalPodAutoscaler = e.object;
    const key = objectKey(hpa.metadata);
    const before = lastScale.get(key);
    lastScale.set(key, hpa.status.lastScaleTime);
    const step = tracker.current;
    if (e.type === 'DELETED' || step === undefined || hpa.status.lastScaleTime === undefined || hpa.status.lastScaleTime === before || hpa.status.lastScaleTime < step.at) return;
    const since = (hpa.status.lastScaleTime - step.at) / 1e6;
    if (step.first) run.metrics.gauge('kubesim_load_step_first_rescale_seconds', { step: step.label }).set(since);
    step.first = false;
    run.metrics.gauge('kubesim_load_step_last_rescale_seconds', { step: step.label }).set(since);
    run.metrics.gauge('kubesim_load_step_replicas', { step: step.label }).set(hpa.status.desiredReplicas);
  });
  return tracker;
}

/** The setLoad op. */
export const setLoadOp: OpDefinition = {
  opcode: 'setLoad',
  schema: { required: ['load', 'cpu'], properties: { load: { type: 'string', minLength: 1 }, cpu: { type: ['string', 'number'] } } },
  compile(ctx, path, raw, index) {
    const load = String(raw['load']);
    let millicores: number;
    try {
      millicores = resourceAmount('cpu', raw['cpu'] as string | number);
    } catch (e) {
      ctx.problem([...path, 'cpu'], (e as Error).message);
      return undefined;
    }
    return {
      opcode: 'setLoad',
      index,
      *run(run) {
        run.cluster.loads.set(load, millicores, run.sim.now);
        stepTracker(run).current = { label: String(index), at: run.sim.now, first: true };
      },
    };
  },
};
