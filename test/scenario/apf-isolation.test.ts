/**
 * API Priority and Fairness isolates priority levels: a LIST storm from one user (1,000 clients
 * listing 5,000 pods in a closed loop) on an apiserver of 4 CPUs does not push the kubelets'
 * lease renewals past the 1 s mutating-call SLO (REFERENCE.md) with APF, while with plain
 * max-inflight limits it does: up to 400 LISTs execute at once, the CPUs' run queue holds ~100
 * goroutines per CPU and every runnable phase of a lease PUT waits ~100 time slices of 10 ms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';
import { writeScenario } from './fixtures.js';

const storm = writeScenario(`apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: list-storm }
params: { apf: 1 }
sampleInterval: 10s
cluster:
  apiserver:
    cpus: 4
    enable-priority-and-fairness: apf
  nodePools:
    - name: worker
      count: 100
      capacity: { cpu: "32", memory: 128Gi, pods: 110 }
workload:
  - opcode: createPods
    count: 5000
    rate: 500 / s
    podTemplate:
      spec: { containers: [{ name: app, image: pause, resources: { requests: { cpu: 10m } } }] }
  - opcode: barrier
    for: Running
  - opcode: startCollectingMetrics
  - opcode: apiRequests
    user: alice
    verb: list
    resource: pods
    clients: 1000
    duration: 2 minute
  - opcode: stopCollectingMetrics
`);

async function leaseP99(apf: number): Promise<{ lease: number; lists: number }> {
  const result = runScenario(await loadScenario(storm, { sets: [`apf=${apf}`] }));
  const lease = result.metrics['apiserver_request_duration_seconds{resource="leases",subresource="",verb="PUT"}'] as Summary;
  const lists = result.metrics['apiserver_request_total{code="200",resource="pods",subresource="",verb="LIST"}'] as number;
  assert.ok(lease.count > 500, `lease renewals measured: ${lease.count}`);
  return { lease: lease.p99, lists };
}

test('a LIST storm pushes node-lease p99 past the 1 s SLO with max-inflight limits but not with APF', async () => {
  const inflight = await leaseP99(0);
  const apf = await leaseP99(1);
  assert.ok(inflight.lease > 1, `max-inflight: lease PUT p99 ${inflight.lease} s`);
  assert.ok(apf.lease < 1, `APF: lease PUT p99 ${apf.lease} s`);
  // The storm is served in both cases (thousands of LISTs), so APF isolates rather than starves it.
  assert.ok(inflight.lists > 1000 && apf.lists > 1000, `LISTs served: ${inflight.lists} / ${apf.lists}`);
});
