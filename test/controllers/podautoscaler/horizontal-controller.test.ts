import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HorizontalPodAutoscaler } from '../../../src/api/autoscaling.js';
import type { NewObject } from '../../../src/api/object-store.js';
import type { LabelSelector } from '../../../src/api/objects.js';
import type { PodMetric, PodMetricsLister } from '../../../src/controlplane/metrics-server/pod-metrics.js';
import { matchesLabelSelector } from '../../../src/api/label-selector.js';
import { horizontalPodAutoscalerUser } from '../../../src/controllers/podautoscaler/horizontal-controller.js';
import { Harness, deploymentObject } from '../controller-harness.js';

const Mi = 1024 * 1024;

/** Metrics where every pod of the store uses `perPod()` bytes of memory. */
function lister(h: Harness, perPod: () => number): PodMetricsLister {
  return {
    podMetrics(namespace: string, selector: LabelSelector): ReadonlyMap<string, PodMetric> {
      const out = new Map<string, PodMetric>();
      for (const p of h.store.list('Pod')) {
        if (p.metadata.namespace === namespace && matchesLabelSelector(selector, p.metadata.labels) && p.status.phase === 'Running') out.set(p.metadata.name, { timestamp: h.sim.now, window: 15e6, cpu: 0, memory: perPod() });
      }
      return out;
    },
  };
}

function hpaObject(min: number, max: number): NewObject<'HorizontalPodAutoscaler'> {
  return {
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
}

function setup(max: number, usage: () => number): { h: Harness; hpa: () => HorizontalPodAutoscaler } {
  const h = new Harness();
  const d = deploymentObject('web', 4, 'v1');
  const c = d.spec.template.spec.containers[0];
  if (c === undefined) throw new Error('no container');
  h.create({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers: [{ ...c, resources: { requests: { memory: 100 * Mi }, limits: {} } }] } } } });
  h.runUntil(30e6);
  h.manager.startHorizontalPodAutoscaler(lister(h, usage));
  h.store.create({ ...hpaObject(2, max), metadata: { ...hpaObject(2, max).metadata, generation: 1 } });
  return {
    h,
    hpa: () => {
      const o = h.store.get('HorizontalPodAutoscaler', 'default/web');
      if (o === undefined) throw new Error('no hpa');
      return o;
    },
  };
}

test('90 % of the request at a 50 % target: 4 replicas become 8 at the first sync, one period after the HPA is seen', () => {
  const { h, hpa } = setup(20, () => 90 * Mi);
  const t0 = h.sim.now;
  h.runUntil(t0 + 14e6);
  assert.equal(h.deployment('web').spec.replicas, 4, 'nothing before the first sync period');
  h.runUntil(t0 + 16e6);
  assert.equal(h.deployment('web').spec.replicas, 8);
  const s = hpa().status;
  assert.deepEqual([s.currentReplicas, s.desiredReplicas, s.currentMetrics?.[0]?.resource.current.averageUtilization], [4, 8, 90]);
  const conditions = Object.fromEntries((s.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
  assert.deepEqual(conditions, { AbleToScale: 'True/SucceededRescale', ScalingActive: 'True/ValidMetricFound', ScalingLimited: 'False/DesiredWithinRange' });
  assert.ok(s.lastScaleTime !== undefined);
});

test('maxReplicas clamps the recommendation and ScalingLimited says so', () => {
  const { h, hpa } = setup(6, () => 90 * Mi);
  h.runUntil(h.sim.now + 20e6);
  assert.equal(h.deployment('web').spec.replicas, 6);
  h.runUntil(h.sim.now + 30e6);
  const limited = hpa().status.conditions?.find((c) => c.type === 'ScalingLimited');
  assert.deepEqual([limited?.status, limited?.reason], ['True', 'TooManyReplicas']);
});

test('within the tolerance the HPA leaves the scale alone and writes no scale request', () => {
  const { h } = setup(20, () => 52 * Mi);
  h.runUntil(h.sim.now + 61e6);
  assert.equal(h.deployment('web').spec.replicas, 4);
  const byHpa = h.requests.filter((r) => r.req.user === horizontalPodAutoscalerUser);
  assert.equal(byHpa.filter((r) => r.req.verb === 'PATCH').length, 0);
  assert.equal(byHpa.filter((r) => r.req.verb === 'GET' && r.req.kind === 'Deployment').length, 4, 'one scale read per 15 s sync');
});
