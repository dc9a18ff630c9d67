/** Kubelet heartbeats stop on failNodes and restart on recoverNodes, one renewal chain per node (Lease PUTs counted at the apiserver). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';
import { writeScenario } from '../scenario/fixtures.js';

async function leasePuts(ops: string): Promise<number> {
  const text = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: heartbeat }
cluster:
  nodePools:
    - { name: w, count: 1, capacity: { cpu: "4", memory: 8Gi, pods: 110 } }
  nodeLifecycleController: { enabled: true }
workload:
${ops}`;
  const r = runScenario(await loadScenario(writeScenario(text), { sets: [] }));
  return r.metrics['apiserver_request_total{code="200",resource="leases",subresource="",verb="PUT"}'] as number;
}

test('heartbeats: a node failed and recovered at once renews as if nothing happened (no second renewal chain)', async () => {
  const steady = await leasePuts('  - { opcode: sleep, duration: 300s }\n');
  const blip = await leasePuts('  - { opcode: sleep, duration: 60s }\n  - { opcode: failNodes }\n  - { opcode: recoverNodes }\n  - { opcode: sleep, duration: 240s }\n');
  // About one renewal per 10–10.4 s; the restart renews once at once.
  assert.ok(steady >= 27 && steady <= 30, `${steady} renewals in 300 s`);
  assert.ok(blip >= steady && blip <= steady + 1, `${blip} renewals with a blip vs ${steady}`);
});

test('heartbeats: a failed node renews nothing until it recovers, then renews again', async () => {
  const steady = await leasePuts('  - { opcode: sleep, duration: 300s }\n');
  const outage = await leasePuts('  - { opcode: sleep, duration: 60s }\n  - { opcode: failNodes }\n  - { opcode: sleep, duration: 120s }\n  - { opcode: recoverNodes }\n  - { opcode: sleep, duration: 120s }\n');
  // 120 s of 300 s without renewals: about 12 fewer.
  assert.ok(outage >= steady - 13 && outage <= steady - 10, `${outage} renewals with a 120 s outage vs ${steady}`);
});
