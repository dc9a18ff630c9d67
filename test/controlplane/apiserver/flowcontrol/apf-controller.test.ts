import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApfController } from '../../../../src/controlplane/apiserver/flowcontrol/apf-controller.js';
import { bootstrapFlowControl } from '../../../../src/controlplane/apiserver/flowcontrol/bootstrap-configuration.js';
import type { FlowSchema, PriorityLevelConfiguration } from '../../../../src/controlplane/apiserver/flowcontrol/flowcontrol-types.js';
import type { RejectReason, RequestDigest, WorkEstimate } from '../../../../src/controlplane/apiserver/flowcontrol/request-digest.js';
import { Dealer, hashFlow } from '../../../../src/controlplane/apiserver/flowcontrol/shuffle-shard.js';
import { mergeWithBootstrap } from '../../../../src/controlplane/apiserver/flowcontrol/validation.js';
import { defaultWorkEstimate, listWorkEstimate } from '../../../../src/controlplane/apiserver/flowcontrol/work-estimator.js';
import { Simulation } from '../../../../src/engine/simulation.js';
import { MetricsSink } from '../../../../src/metrics/sink.js';

const req = (o: Partial<RequestDigest> & { userName: string }): RequestDigest => ({ verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default', groups: [], ...o });
const leaseUpdate = req({ userName: 'system:node:node-1', groups: ['system:nodes'], verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' });

function setup(config = bootstrapFlowControl, serverConcurrencyLimit = 600) {
  const sim = new Simulation();
  const sink = new MetricsSink(sim);
  const apf = new ApfController(sim, sink, { ...config, serverConcurrencyLimit, queueWaitLimit: 15_000_000, labels: { apiserver: '0' } });
  const done = sim.register<() => void>((f) => f());
  const results: Array<{ digest: RequestDigest; dispatchedAt?: number; rejected?: RejectReason }> = [];
  /** Sends `digest`; it executes for `service` µs once dispatched. */
  const send = (digest: RequestDigest, service: number, work: WorkEstimate = defaultWorkEstimate) => {
    const r: (typeof results)[number] = { digest };
    results.push(r);
    apf.admit(
      digest,
      work,
      (finish) => {
        r.dispatchedAt = sim.now;
        sim.schedule(service, done, finish);
      },
      (reason) => (r.rejected = reason),
    );
    return r;
  };
  return { sim, sink, apf, send, results };
}

test('classification through the controller (upstream bootstrap objects)', () => {
  const { apf } = setup();
  assert.deepEqual(apf.classify(leaseUpdate), { flowSchema: 'system-node-high', priorityLevel: 'node-high', flowDistinguisher: 'system:node:node-1' });
  const bind = req({ userName: 'system:kube-scheduler', verb: 'create', subresource: 'binding' });
  assert.deepEqual(apf.classify(bind), { flowSchema: 'kube-scheduler', priorityLevel: 'workload-high', flowDistinguisher: 'default' });
  assert.equal(apf.classify(req({ userName: 'alice', verb: 'list' })).priorityLevel, 'global-default');
  assert.equal(apf.classify(req({ userName: 'root', groups: ['system:masters'] })).priorityLevel, 'exempt');
});

test('missing mandatory objects are supplied; unmatched requests go to catch-all, which rejects beyond its seats', () => {
  const onlyNodes = { flowSchemas: bootstrapFlowControl.flowSchemas.filter((f) => f.metadata.name === 'system-nodes'), priorityLevels: bootstrapFlowControl.priorityLevels.filter((p) => p.metadata.name === 'system') };
  const { apf, send } = setup(onlyNodes, 100);
  assert.deepEqual(apf.priorityLevelNames.sort(), ['catch-all', 'exempt', 'system']);
  // Shares system 30, catch-all 5, exempt 0: catch-all gets ceil(100 * 5 / 35) = 15 seats.
  assert.equal(apf.priorityLevelStatus('catch-all').nominalCL, 15);
  const sent = Array.from({ length: 40 }, () => send(req({ userName: 'alice' }), 1_000_000));
  assert.equal(sent.filter((r) => r.dispatchedAt === 0).length, apf.priorityLevelStatus('catch-all').currentCL);
  assert.ok(sent.filter((r) => r.rejected === 'concurrency-limit').length > 0);
});

test('429 at queueLengthLimit through the controller, with the upstream metric', () => {
  const tiny: PriorityLevelConfiguration = { metadata: { name: 'tiny' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 1, handSize: 1, queueLengthLimit: 5 } } } } };
  const alice: FlowSchema = {
    metadata: { name: 'alice' },
    spec: { priorityLevelConfiguration: { name: 'tiny' }, matchingPrecedence: 500, rules: [{ subjects: [{ kind: 'User', user: { name: 'alice' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] },
  };
  const { apf, send, sink } = setup(mergeWithBootstrap(bootstrapFlowControl, [alice], [tiny]), 246);
  // Shares now sum to 246 with tiny's 1: tiny gets ceil(246 / 246) = 1 seat, lends and borrows nothing.
  assert.deepEqual([apf.priorityLevelStatus('tiny').nominalCL, apf.priorityLevelStatus('tiny').currentCL], [1, 1]);
  const sent = Array.from({ length: 8 }, () => send(req({ userName: 'alice' }), 1_000_000));
  assert.deepEqual(sent.map((r) => r.dispatchedAt ?? r.rejected ?? 'waiting'), [0, 'waiting', 'waiting', 'waiting', 'waiting', 'waiting', 'queue-full', 'queue-full']);
  assert.equal(sink.counters.get('apiserver_flowcontrol_rejected_requests_total{apiserver="0",flow_schema="alice",priority_level="tiny",reason="queue-full"}')?.value, 2);
  assert.equal(sink.gauges.get('apiserver_flowcontrol_current_inqueue_requests{apiserver="0",flow_schema="alice",priority_level="tiny"}')?.value, 5);
  assert.equal(sink.gauges.get('apiserver_flowcontrol_nominal_limit_seats{apiserver="0",priority_level="tiny"}')?.value, 1);
});

test('isolation: a flood at workload-low does not delay a kubelet lease update', () => {
  const { sim, apf, send } = setup();
  for (let i = 0; i < 3000; i++) send(req({ userName: `system:serviceaccount:ci:runner-${i % 60}`, verb: 'list' }), 2_000_000);
  const low = apf.priorityLevelStatus('workload-low');
  assert.equal(low.seatsInUse, low.currentCL); // workload-low is full...
  assert.ok(low.waiting > 0);
  const lease = send(leaseUpdate, 5_000); // ...yet node-high has its own seats
  assert.equal(lease.dispatchedAt, 0);
  const kubeletLater = sim.register(() => send(leaseUpdate, 5_000));
  sim.schedule(1_000_000, kubeletLater, null);
  sim.run({ until: 1_500_000 });
  assert.equal(apf.priorityLevelStatus('node-high').seatsInUse, 0);
  assert.deepEqual(
    [...new Set(apf.priorityLevelNames.filter((n) => n !== 'workload-low').map((n) => apf.priorityLevelStatus(n).waiting))],
    [0],
  );
});

test('borrowing: after the 10 s adjustment an idle server lends its seats to the busy level', () => {
  const { sim, apf, send } = setup();
  const before = apf.priorityLevelStatus('global-default');
  // 60 users each LIST 8 times, each LIST holding 1 seat for 30 s: 480 seats wanted.
  for (let i = 0; i < 480; i++) send(req({ userName: `user-${i % 60}`, verb: 'list' }), 30_000_000);
  assert.equal(apf.priorityLevelStatus('global-default').seatsInUse, before.currentCL);
  sim.run({ until: 10_000_001 });
  const after = apf.priorityLevelStatus('global-default');
  assert.ok(after.currentCL > before.currentCL && after.currentCL > after.nominalCL, `current ${before.currentCL} -> ${after.currentCL}`);
  assert.equal(after.seatsInUse, after.currentCL); // the waiting LISTs took the borrowed seats at once
  assert.equal(after.stats.highWatermark, 480);
  // The lenders never go below their MinCL, and the limits still add up to about the nominal sum (602).
  let total = 0;
  for (const name of apf.priorityLevelNames) {
    const s = apf.priorityLevelStatus(name);
    assert.ok(s.currentCL >= s.minCL, name);
    total += s.currentCL;
  }
  assert.ok(Math.abs(total - 602) <= 4, `total ${total}`);
});

test('the adjustment timer stops when the server is idle, so the run ends; it catches up on the next request', () => {
  const { sim, apf, send } = setup();
  for (let i = 0; i < 300; i++) send(req({ userName: `user-${i % 30}`, verb: 'list' }), 12_000_000, listWorkEstimate(150));
  sim.run();
  assert.equal(apf.priorityLevelStatus('global-default').seatsInUse, 0);
  assert.ok(sim.now < 120_000_000, `the run ended at ${sim.now} µs`);
  const smoothedAtStop = apf.priorityLevelStatus('global-default').stats.smoothed;
  assert.ok(smoothedAtStop > 0);
  // An hour later a request arrives: the 360 skipped adjustments are applied (the smoothed demand decays).
  sim.schedule(3_600_000_000, sim.register(() => send(req({ userName: 'late', verb: 'get' }), 1_000)), null);
  sim.run();
  const s = apf.priorityLevelStatus('global-default');
  assert.ok(s.stats.smoothed < smoothedAtStop * Math.pow(0.977, 300), `${smoothedAtStop} -> ${s.stats.smoothed}`);
  // The limits are back where an idle server starts (every target at its MinCL).
  const fresh = setup().apf;
  for (const name of fresh.priorityLevelNames) assert.equal(apf.priorityLevelStatus(name).currentCL, fresh.priorityLevelStatus(name).currentCL, name);
  assert.ok(sim.now < 3_600_000_000 + 200_000_000);
});

test('fair queuing between two users of global-default, one sending 10x more', () => {
  const tiny: PriorityLevelConfiguration = { metadata: { name: 'global-default' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 20, lendablePercent: 0, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 5000 } } } } };
  const { sim, apf } = setup(mergeWithBootstrap(bootstrapFlowControl, [], [tiny]));
  const done = sim.register<() => void>((f) => f());
  // Each flow spreads over the 6 queues of its hand and fair queuing is per queue, so flows share
  // equally when their hands do not overlap (a shared queue would tilt it 6:5): pick such users.
  const dealer = new Dealer(128, 6);
  const heavyHand = new Set(dealer.deal(hashFlow('global-default', 'heavy')));
  let lightUser = 'light-0';
  for (let i = 1; dealer.deal(hashFlow('global-default', lightUser)).some((q) => heavyHand.has(q)); i++) lightUser = `light-${i}`;
  // Both stay backlogged for the whole window [1 s, 3 s]: heavy sends 10,000 LISTs, light 1,000;
  // each holds its seat 50..150 ms (spread so finishes do not come in lockstep).
  const window = { heavy: 0, light: 0 };
  let k = 0;
  const sendFrom = (user: string, who: 'heavy' | 'light') =>
    apf.admit(
      req({ userName: user, verb: 'list' }),
      defaultWorkEstimate,
      (finish) => {
        if (sim.now >= 1_000_000 && sim.now < 3_000_000) window[who]++;
        sim.schedule(50_000 + ((k++ * 7919) % 100_000), done, finish);
      },
      () => assert.ok(sim.now > 3_000_000, 'no rejection in the window'), // heavy's tail waits out 15 s
    );
  for (let i = 0; i < 10_000; i++) sendFrom('heavy', 'heavy');
  for (let i = 0; i < 1_000; i++) sendFrom(lightUser, 'light');
  sim.run();
  // global-default keeps its 49 seats (no lending or borrowing): ~49 / 0.1 s = 980 dispatches in the window.
  const total = window.heavy + window.light;
  assert.ok(total > 900 && total < 1060, `window total ${total}`);
  assert.ok(Math.abs(window.heavy - window.light) <= 0.05 * total, `heavy ${window.heavy} vs light ${window.light}`);
});

test('deterministic: the same requests give the same dispatch times', () => {
  const run = () => {
    const { sim, send, results } = setup();
    for (let i = 0; i < 2000; i++) send(req({ userName: `u${i % 37}`, namespace: `ns${i % 5}`, verb: 'list' }), 50_000 + (i % 7) * 10_000, listWorkEstimate((i * 37) % 900));
    sim.run();
    return results.map((r) => r.dispatchedAt ?? r.rejected);
  };
  assert.deepEqual(run(), run());
});

test('a digest shown to two controllers is classified by each (the memo on it names its owner)', () => {
  const tiny: PriorityLevelConfiguration = { metadata: { name: 'tiny' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Reject' } } } };
  const alice: FlowSchema = {
    metadata: { name: 'alice' },
    spec: { priorityLevelConfiguration: { name: 'tiny' }, matchingPrecedence: 500, rules: [{ subjects: [{ kind: 'User', user: { name: 'alice' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] },
  };
  const plain = setup();
  const custom = setup(mergeWithBootstrap(bootstrapFlowControl, [alice], [tiny]), 246);
  const digest = req({ userName: 'alice' });
  plain.send(digest, 1_000_000);
  assert.notEqual(digest.flowControlMemo, undefined);
  custom.send(digest, 1_000_000);
  custom.send(digest, 1_000_000);
  assert.equal(plain.apf.priorityLevelStatus('global-default').executing, 1);
  assert.equal(custom.apf.priorityLevelStatus('tiny').executing, 1);
  assert.equal(custom.results[1]?.rejected, 'concurrency-limit');
  assert.equal(custom.apf.priorityLevelStatus('global-default').executing, 0);
});
