/** scenarios/zone-outage.yaml within the bands its header states, and the same result files for the same seed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/zone-outage.yaml', import.meta.url));

test('zone-outage: zone a goes Unknown ≈ 50–60 s, is tainted one node per 10 s, its pods evicted ≈ taint + 300 s (60 s pods sooner, pinned pods never), the Deployment\'s pods run again elsewhere', async () => {
  const r = runScenario(await loadScenario(file, { sets: [] }));
  assert.equal(r.completed, true);
  const m = (name: string): Summary => r.metrics[name] as Summary;
  const unknown = m('kubesim_node_unknown_after_heartbeat_seconds');
  assert.equal(unknown.count, 10);
  // Grace 50 s after the pass that saw the last renewal (≤ 5 s), the later writes queued behind
  // the pods' not-ready PATCHes in the controller's 20 QPS client.
  assert.ok(unknown.p50 >= 50 && unknown.max <= 60, `Unknown ${unknown.p50}..${unknown.max} s`);
  const taint = m('kubesim_node_noexecute_taint_after_heartbeat_seconds');
  assert.equal(taint.count, 10);
  assert.ok(taint.max - unknown.max >= 90 && taint.max <= 152, `last taint ${taint.max} s`);
  const evicted = m('kubesim_pod_eviction_after_heartbeat_seconds');
  // Nodes take zones a, b, c round-robin: zone a holds worker-0, worker-3, ...
  const zoneA = r.pods.filter((p) => Number(p.node.slice('worker-'.length)) % 3 === 0);
  const evictable = zoneA.filter((p) => p.namespace !== 'pinned');
  assert.ok(evictable.length < zoneA.length, 'some pinned pods run in zone a');
  assert.equal(evicted.count, evictable.length, 'every zone-a pod but the pinned ones is evicted');
  assert.ok(evicted.p50 >= 355 && evicted.max <= 452, `evictions ${evicted.p50}..${evicted.max} s`);
  // The Deployment's evicted pods run again on zones b and c, each a few seconds after its eviction.
  const replaced = m('kubesim_pod_replacement_running_after_heartbeat_seconds');
  const evictedWeb = evictable.filter((p) => p.namespace === 'default');
  assert.equal(replaced.count, evictedWeb.length, 'every evicted Deployment pod has a replacement running');
  const lateZoneA = r.pods.filter((p) => p.created > 30e6 && Number(p.node.slice('worker-'.length)) % 3 === 0);
  assert.equal(lateZoneA.length, 0, 'no replacement lands on the failed zone (NoSchedule taint)');
  assert.ok(replaced.p50 >= evicted.p50 && replaced.max >= evicted.max && replaced.max <= evicted.max + 15, `replacements ${replaced.p50}..${replaced.max} s`);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="a"}'], 2);
  assert.equal(r.metrics['node_collector_zone_health{zone="b"}'], 100);
});
