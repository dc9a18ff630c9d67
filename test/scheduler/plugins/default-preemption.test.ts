// Cases mirror upstream pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go
// (TestPostFilter, TestDryRunPreemption, TestSelectBestCandidate, TestPreempt) with a cpu/pod-count
// fit check standing in for NodeResourcesFit. Resources as upstream: small 100m, medium 200m,
// large 300m, veryLarge 500m; nodes have veryLarge cpu unless stated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../../src/api/objects.js';
import type { ApiRequest } from '../../../src/controlplane/apiserver/request.js';
import type { FrameworkHandle } from '../../../src/scheduler/framework/handle.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import type { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code, Status, unresolvable, unschedulable, type Result } from '../../../src/scheduler/framework/status.js';
import { DefaultPreemption, defaultPreemptionPlugin, preemptionVictimCount } from '../../../src/scheduler/plugins/default-preemption.js';
import { calculateNumCandidates, dryRunPreemption, pickOneNodeForPreemption, type Candidate } from '../../../src/scheduler/plugins/default-preemption-candidates.js';
import type { PdbView } from '../../../src/scheduler/plugins/default-preemption-victims.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

const [neg, low, mid, high, veryHigh] = [-100, 0, 100, 1000, 10000];
const [small, medium, large, veryLarge] = [100, 200, 300, 500];

/** A pod `name` on `node` (or pending when node is '') with priority, cpu request, labels and start time. */
function pod(name: string, node: string, priority: number, cpu = 0, opts: { labels?: Record<string, string>; start?: number; never?: boolean } = {}): Pod {
  const p = makePod(name, cpu > 0 ? { cpu } : {}, { priority, ...(node === '' ? {} : { nodeName: node }), ...(opts.never === true ? { preemptionPolicy: 'Never' as const } : {}) }, opts.labels ?? {});
  return opts.start === undefined ? p : { ...p, status: { ...p.status, startTime: opts.start } };
}

/** Upstream-like fit check: pod count first ("Too many pods"), then cpu ("Insufficient cpu"). */
function fits(pi: PodInfo, n: NodeInfo): Result {
  if (n.pods.length + 1 > n.allowedPodNumber) return unschedulable('Too many pods');
  if (n.requested.milliCpu + pi.requests.milliCpu > n.allocatable.milliCpu) return unschedulable('Insufficient cpu');
  return null;
}

interface Env {
  handle: FrameworkHandle;
  nodes: NodeInfo[];
  deletes: ApiRequest[];
  filterCalls: () => number;
  offsets: number[];
}

/** Nodes (name → allocatable) with pods placed by spec.nodeName; rng.int returns `offset % n`. */
function env(nodeSpecs: (string | [string, Record<string, number>, Record<string, string>?])[], pods: Pod[], o: { pdbs?: PdbView[]; offset?: number; now?: number } = {}): Env {
  const nodes = nodeSpecs.map((s) => {
    const [name, alloc, labels] = typeof s === 'string' ? [s, { cpu: veryLarge, pods: 110 }, undefined] : s;
    const node: Node = makeNode(name, alloc, labels === undefined ? {} : { labels });
    return makeNodeInfo(node, pods.filter((p) => p.spec.nodeName === name));
  });
  let calls = 0;
  const deletes: ApiRequest[] = [];
  const offsets: number[] = [];
  // Upstream TestPlugin: PreFilter extensions fail on nodes labelled error=true.
  const ext = (pre: PodInfo, n: NodeInfo, verb: string): Result => (n.node.metadata.labels?.['error'] === 'true' ? new Status(Code.Error, [`failed to ${verb} pod: ${pre.pod.metadata.name}`]) : null);
  const handle = makeHandle(nodes, {
    now: () => o.now ?? 1_000_000,
    rng: { next: () => 0, int: (n) => (offsets.push(n), (o.offset ?? 0) % n) },
    send: (req, done) => (deletes.push(req), done({ code: 200 })),
    runFilterPlugins: (_s, pi, n) => (calls++, fits(pi, n)),
    runPreFilterExtensionAddPod: (_s, pre, _a, n) => ext(pre, n, 'add'),
    runPreFilterExtensionRemovePod: (_s, pre, _r, n) => ext(pre, n, 'remove'),
    podDisruptionBudgets: () => o.pdbs ?? [],
  });
  return { handle, nodes, deletes, filterCalls: () => calls, offsets };
}

function plugin(e: Env, args: Record<string, unknown> = {}): DefaultPreemption {
  return defaultPreemptionPlugin.factory(args, e.handle) as DefaultPreemption;
}

const allUnschedulable = (e: Env) => new Map(e.nodes.map((n) => [n.name, unschedulable()]));
const onePod = { pods: 1 };
const names = (ps: readonly PodInfo[]) => ps.map((p) => p.pod.metadata.name);

describe('DefaultPreemption args (upstream ValidateDefaultPreemptionArgs)', () => {
  it('defaults to 10% / 100 and accepts kind/apiVersion', () => {
    const e = env(['n1'], []);
    assert.equal(plugin(e).name, 'DefaultPreemption');
    assert.deepEqual(plugin(e).args, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    assert.deepEqual(plugin(e, { kind: 'DefaultPreemptionArgs', apiVersion: 'kubescheduler.config.k8s.io/v1', minCandidateNodesAbsolute: 0 }).args, { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 0 });
  });
  it('rejects out-of-range, both-zero, non-integer and unknown args', () => {
    const e = env(['n1'], []);
    const bad: [Record<string, unknown>, string][] = [
      [{ minCandidateNodesPercentage: 101 }, 'minCandidateNodesPercentage'],
      [{ minCandidateNodesPercentage: -1 }, 'minCandidateNodesPercentage'],
      [{ minCandidateNodesAbsolute: -1 }, 'minCandidateNodesAbsolute'],
      [{ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 }, 'minCandidateNodesPercentage'],
      [{ minCandidateNodesAbsolute: 1.5 }, 'minCandidateNodesAbsolute'],
      [{ minCandidateNodesAbsolute: '5' }, 'minCandidateNodesAbsolute'],
      [{ minCandidateNodes: 5 }, 'minCandidateNodes'],
    ];
    for (const [args, path] of bad) {
      assert.throws(() => plugin(e, args), (err: unknown) => err instanceof PluginArgsError && err.path[0] === path, JSON.stringify(args));
    }
  });
});

describe('calculateNumCandidates / GetOffsetAndNumCandidates', () => {
  it('takes max(n·pct/100, abs) capped at n', () => {
    assert.equal(calculateNumCandidates(5000, 10, 100), 500);
    assert.equal(calculateNumCandidates(2000, 10, 100), 200);
    assert.equal(calculateNumCandidates(100, 10, 100), 100);
    assert.equal(calculateNumCandidates(50, 10, 100), 50);
    assert.equal(calculateNumCandidates(5, 40, 1), 2);
    assert.equal(calculateNumCandidates(19, 10, 1), 1);
    assert.equal(calculateNumCandidates(0, 10, 100), 0);
  });
  it('draws the offset from handle.rng over the potential nodes', () => {
    const e = env(['n1'], [], { offset: 7 });
    assert.deepEqual(plugin(e).offsetAndNumCandidates(20), { offset: 7, numCandidates: 20 });
    assert.deepEqual(e.offsets, [20]);
  });
});

describe('DefaultPreemption.postFilter (upstream TestPostFilter)', () => {
  it('pod with higher priority can be made schedulable: nominates node1 and deletes the victim', () => {
    const e = env([['node1', onePod]], [pod('p1', 'node1', low)]);
    const r = plugin(e).postFilter(newState(), info(pod('p', '', high)), allUnschedulable(e));
    assert.equal(r.nominatedNodeName, 'node1');
    assert.equal(r.status?.code, Code.Unschedulable);
    assert.equal(preemptionVictimCount(r.status), 1);
    assert.deepEqual(e.deletes, [{ verb: 'DELETE', kind: 'Pod', name: 'p1', namespace: 'default', user: 'system:kube-scheduler' }]);
    assert.equal(e.nodes[0]?.pods.length, 1, 'the snapshot NodeInfo is left untouched');
  });

  const failures: [string, Env, Pod, Map<string, Status> | null, string][] = [
    ['pod with tied priority is still unschedulable', env([['node1', onePod]], [pod('p1', 'node1', low)]), pod('p', '', low), null,
      'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'],
    ['preemption should respect filteredNodesStatuses', env([['node1', onePod]], [pod('p1', 'node1', low)]), pod('p', '', high), new Map([['node1', unresolvable()]]),
      'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'],
    ['no candidate nodes found, no enough resource after removing low priority pods',
      env([['node1', { cpu: 200, pods: 110 }], ['node2', { cpu: 200, pods: 110 }]], [pod('p1', 'node1', low), pod('p2', 'node2', low)]), pod('p', '', high, large), null,
      'preemption: 0/2 nodes are available: 2 Insufficient cpu.'],
    ['no candidate nodes found with mixed reasons',
      env([['node1', onePod], ['node2', { cpu: 200, pods: 110 }], ['node3', onePod]], [pod('p1', 'node1', high), pod('p2', 'node2', low), pod('p3', 'node3', high)]), pod('p', '', high, large), null,
      'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.'],
    ['mixed reasons, 2 UnschedulableAndUnresolvable nodes and 2 without enough cpu',
      env(['node1', 'node2', 'node3', 'node4'].map((n) => [n, { cpu: 200, pods: 110 }] as [string, Record<string, number>]), [pod('p1', 'node1', low), pod('p2', 'node2', low)]), pod('p', '', high, large),
      new Map([['node1', unschedulable()], ['node2', unschedulable()], ['node3', unresolvable()], ['node4', unresolvable()]]),
      'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.'],
    ['preemptionPolicy Never is not eligible', env([['node1', onePod]], [pod('p1', 'node1', low)]), pod('p', '', high, 0, { never: true }), null,
      'preemption: not eligible due to preemptionPolicy=Never.'],
  ];
  for (const [name, e, preemptor, statuses, message] of failures) {
    it(name, () => {
      const r = plugin(e).postFilter(newState(), info(preemptor), statuses ?? allUnschedulable(e));
      assert.equal(r.status?.code, Code.Unschedulable);
      assert.equal(r.status?.message(), message);
      assert.equal(r.nominatedNodeName, undefined);
      assert.deepEqual(e.deletes, []);
    });
  }

  it('nodes absent from the statuses map are potential candidates (kubesim: not evaluated)', () => {
    const e = env([['node1', onePod]], [pod('p1', 'node1', low)]);
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', high)), new Map()).nominatedNodeName, 'node1');
  });
  it('pod can be made schedulable on one node', () => {
    const e = env([['node1', onePod], ['node2', onePod]], [pod('p1', 'node1', high), pod('p2', 'node2', low)]);
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', mid)), allUnschedulable(e)).nominatedNodeName, 'node2');
  });
  it('pod can be made schedulable on minHighestPriority node (PDBs)', () => {
    const v = { 'is-violating-pdb': 'violating' };
    const nv = { 'is-violating-pdb': 'non-violating' };
    const pdbs = [
      { namespace: 'default', selector: { matchLabels: v }, disruptionsAllowed: 0 },
      { namespace: 'default', selector: { matchLabels: nv }, disruptionsAllowed: 2 ** 31 - 1 },
    ];
    const e = env([['node1', onePod], ['node2', onePod]], [pod('p1', 'node1', high, 0, { labels: nv }), pod('p2', 'node1', low, 0, { labels: v }), pod('p3', 'node2', mid, 0, { labels: v })], { pdbs });
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', veryHigh)), allUnschedulable(e)).nominatedNodeName, 'node2');
  });
  it('a PreFilter RemovePod error on the only node is an Error status', () => {
    const e = env([['node1', { cpu: large, pods: 110 }, { error: 'true' }]], [pod('p1', 'node1', low)]);
    const r = plugin(e).postFilter(newState(), info(pod('p', '', high, large)), allUnschedulable(e));
    assert.equal(r.status?.code, Code.Error);
    assert.equal(r.status?.message(), 'preemption: failed to remove pod: p');
  });
  it('one node fails with a PreFilter error and the other passes', () => {
    const e = env([['node1', { cpu: large, pods: 110 }, { error: 'true' }], ['node2', { cpu: large, pods: 110 }]], [pod('p1', 'node1', low), pod('p2', 'node2', low, medium)]);
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', high, large)), allUnschedulable(e)).nominatedNodeName, 'node2');
  });
});

describe('dryRunPreemption / selectVictimsOnNode (upstream TestDryRunPreemption)', () => {
  const run = (e: Env, preemptor: Pod, offset = 0, numCandidates = 100) => {
    const r = dryRunPreemption(e.handle, newState(), info(preemptor), e.nodes, e.handle.podDisruptionBudgets(), offset, Math.min(numCandidates, e.nodes.length), 1_000_000);
    return { r, got: r.candidates.map((c) => [c.nodeName, names(c.victims), c.numPDBViolations]) };
  };
  it('a pod that fits on both nodes when lower priority pods are preempted', () => {
    const e = env(['node1', 'node2'], [pod('p1', 'node1', mid, large), pod('p2', 'node2', mid, large)]);
    assert.deepEqual(run(e, pod('p', '', high, large)).got, [['node1', ['p1'], 0], ['node2', ['p2'], 0]]);
    assert.equal(e.filterCalls(), 4);
  });
  it('no preemption when the running pods have higher priority', () => {
    const e = env(['node1', 'node2'], [pod('p1', 'node1', mid, large), pod('p2', 'node2', mid, large)]);
    const { r, got } = run(e, pod('p', '', low, large));
    assert.deepEqual(got, []);
    assert.equal(e.filterCalls(), 0);
    assert.equal(r.nodeStatuses.get('node1')?.code, Code.UnschedulableAndUnresolvable);
  });
  it('medium priority pod is preempted, but lower priority one stays as it is small (reprieve)', () => {
    const e = env(['node1', 'node2'], [pod('p1.1', 'node1', low, small), pod('p1.2', 'node1', mid, large), pod('p2', 'node2', mid, large)]);
    assert.deepEqual(run(e, pod('p', '', high, large)).got, [['node1', ['p1.2'], 0], ['node2', ['p2'], 0]]);
    assert.equal(e.filterCalls(), 5);
  });
  it('mixed priority pods are preempted; victims in importance order', () => {
    const e = env(['node1', 'node2'], [pod('p1.1', 'node1', mid, small), pod('p1.2', 'node1', low, small), pod('p1.3', 'node1', mid, medium), pod('p1.4', 'node1', high, small), pod('p2', 'node2', high, large)]);
    assert.deepEqual(run(e, pod('p', '', high, large)).got, [['node1', ['p1.3', 'p1.2'], 0]]);
    assert.equal(e.filterCalls(), 4);
  });
  it('pick later StartTime one when priorities are equal', () => {
    const e = env(['node1', 'node2'], [pod('p1.1', 'node1', low, small, { start: 5 }), pod('p1.2', 'node1', low, small, { start: 4 }), pod('p1.3', 'node1', mid, medium, { start: 3 }), pod('p1.4', 'node1', high, small, { start: 2 }), pod('p2', 'node2', high, large, { start: 1 })]);
    assert.deepEqual(run(e, pod('p', '', high, large)).got, [['node1', ['p1.3', 'p1.1'], 0]]);
  });
  it('preemption with violation of same pdb', () => {
    const foo = { app: 'foo' };
    const e = env(['node1'], [pod('p1.1', 'node1', mid, medium, { labels: foo }), pod('p1.2', 'node1', mid, medium, { labels: foo })], { pdbs: [{ namespace: 'default', selector: { matchLabels: foo }, disruptionsAllowed: 1 }] });
    // Equally important victims: compared by name, as upstream does.
    const c = run(e, pod('p', '', high, veryLarge)).r.candidates[0];
    assert.deepEqual([names(c?.victims ?? []).sort(), c?.numPDBViolations], [['p1.1', 'p1.2'], 1]);
    assert.equal(e.filterCalls(), 3);
  });
  const five = (prios: number[], labels: (Record<string, string> | undefined)[] = []) =>
    prios.map((pr, i) => pod(`p${i + 1}`, `node${i + 1}`, pr, large, { labels: labels[i] ?? {} }));
  const nodes5 = ['node1', 'node2', 'node3', 'node4', 'node5'];
  it('all nodes are possible candidates, but minCandidateNodes (40%, 1) limits to 2 from offset 4', () => {
    const e = env(nodes5, five([mid, mid, mid, mid, mid]));
    assert.deepEqual(run(e, pod('p', '', high, large), 4, calculateNumCandidates(5, 40, 1)).got, [['node5', ['p5'], 0], ['node1', ['p1'], 0]]);
    assert.equal(e.filterCalls(), 4);
  });
  it('some nodes are not possible candidates, limits to 2', () => {
    const e = env(nodes5, five([mid, veryHigh, mid, mid, veryHigh]));
    assert.deepEqual(run(e, pod('p', '', high, large), 4, 2).got, [['node1', ['p1'], 0], ['node3', ['p3'], 0]]);
    assert.equal(e.filterCalls(), 4);
  });
  it('preemption looks past numCandidates until a non-PDB violating node is found', () => {
    const foo = { app: 'foo' };
    const e = env(nodes5, five([mid, mid, mid, mid, mid], [foo, foo, undefined, undefined, foo]), { pdbs: [{ namespace: 'default', selector: { matchLabels: foo }, disruptionsAllowed: 0 }] });
    // offset 4: node5 (pdb), node1 (pdb), node2 (pdb, dropped: violating list full), node3 (ok) → stop.
    assert.deepEqual(run(e, pod('p', '', high, large), 4, calculateNumCandidates(5, 40, 2)).got, [['node3', ['p3'], 0], ['node5', ['p5'], 1], ['node1', ['p1'], 1]]);
    assert.equal(e.filterCalls(), 8);
  });
});

describe('pickOneNodeForPreemption (upstream TestSelectBestCandidate)', () => {
  const cases: [string, Pod[], Pod, string][] = [
    ['node with min highest priority pod is picked', [pod('p1.1', 'node1', mid, medium), pod('p1.2', 'node1', mid, large), pod('p2.1', 'node2', mid, medium), pod('p2.2', 'node2', low, medium), pod('p3.1', 'node3', low, medium), pod('p3.2', 'node3', low, medium)], pod('p', '', high, veryLarge), 'node3'],
    ['when highest priorities are the same, minimum sum of priorities is picked', [pod('p1.1', 'node1', mid, medium), pod('p1.2', 'node1', mid, large), pod('p2.1', 'node2', mid, large), pod('p2.2', 'node2', low, medium), pod('p3.1', 'node3', mid, medium), pod('p3.2', 'node3', mid, medium)], pod('p', '', high, veryLarge), 'node2'],
    ['when highest priority and sum are the same, minimum number of pods is picked', [pod('p1.1', 'node1', mid, small), pod('p1.2', 'node1', neg, small), pod('p1.3', 'node1', mid, small), pod('p1.4', 'node1', neg, small), pod('p2.1', 'node2', mid, large), pod('p2.2', 'node2', neg, medium), pod('p3.1', 'node3', mid, medium), pod('p3.2', 'node3', neg, small), pod('p3.3', 'node3', low, small)], pod('p', '', high, veryLarge), 'node2'],
    ['sum of adjusted priorities is considered', [pod('p1.1', 'node1', mid, small), pod('p1.2', 'node1', neg, small), pod('p1.3', 'node1', neg, small), pod('p2.1', 'node2', mid, large), pod('p2.2', 'node2', neg, medium), pod('p3.1', 'node3', mid, medium), pod('p3.2', 'node3', neg, small), pod('p3.3', 'node3', low, small)], pod('p', '', high, veryLarge), 'node2'],
    ['same priority, same number of victims, different start time for each node', [pod('p1.1', 'node1', mid, medium, { start: 2 }), pod('p1.2', 'node1', mid, medium, { start: 2 }), pod('p2.1', 'node2', mid, medium, { start: 3 }), pod('p2.2', 'node2', mid, medium, { start: 3 }), pod('p3.1', 'node3', mid, medium, { start: 1 }), pod('p3.2', 'node3', mid, medium, { start: 1 })], pod('p', '', high, veryLarge), 'node2'],
    ['same priority, same number of victims, different start time for all pods', [pod('p1.1', 'node1', mid, medium, { start: 4 }), pod('p1.2', 'node1', mid, medium, { start: 2 }), pod('p2.1', 'node2', mid, medium, { start: 5 }), pod('p2.2', 'node2', mid, medium, { start: 1 }), pod('p3.1', 'node3', mid, medium, { start: 3 }), pod('p3.2', 'node3', mid, medium, { start: 6 })], pod('p', '', high, veryLarge), 'node3'],
    ['different priority, same number of victims, different start time for all pods', [pod('p1.1', 'node1', low, medium, { start: 4 }), pod('p1.2', 'node1', mid, medium, { start: 2 }), pod('p2.1', 'node2', mid, medium, { start: 6 }), pod('p2.2', 'node2', low, medium, { start: 1 }), pod('p3.1', 'node3', low, medium, { start: 3 }), pod('p3.2', 'node3', mid, medium, { start: 5 })], pod('p', '', high, veryLarge), 'node2'],
  ];
  for (const [name, pods, preemptor, want] of cases) {
    it(name, () => {
      const e = env(['node1', 'node2', 'node3'], pods);
      assert.equal(plugin(e).postFilter(newState(), info(preemptor), allUnschedulable(e)).nominatedNodeName, want);
    });
  }
  it('non-overlapping lowest high priority, sum priorities, and number of pods', () => {
    const e = env(['node1', 'node2', 'node3', 'node4'], [pod('p1.1', 'node1', mid, small), pod('p1.2', 'node1', low, small), pod('p1.3', 'node1', low, small), pod('p2.1', 'node2', high, large), pod('p3.1', 'node3', mid, medium), pod('p3.2', 'node3', low, small), pod('p3.3', 'node3', low, small), pod('p3.4', 'node3', low, medium), pod('p4.1', 'node4', mid, medium), pod('p4.2', 'node4', mid, small), pod('p4.3', 'node4', mid, small), pod('p4.4', 'node4', neg, small)]);
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', veryHigh, veryLarge)), allUnschedulable(e)).nominatedNodeName, 'node1');
  });
  it('avoids PDB-violating victims when another node has none, even at higher victim priority', () => {
    const foo = { app: 'foo' };
    const e = env(['node1', 'node2'], [pod('a', 'node1', low, veryLarge, { labels: foo }), pod('b', 'node2', mid, veryLarge)], { pdbs: [{ namespace: 'default', selector: { matchLabels: foo }, disruptionsAllowed: 0 }] });
    assert.equal(plugin(e).postFilter(newState(), info(pod('p', '', high, large)), allUnschedulable(e)).nominatedNodeName, 'node2');
  });
  it('full ties go to the first candidate; an extra victim costs more through the offset sum', () => {
    const c = (nodeName: string, ...victims: Pod[]): Candidate => ({ nodeName, victims: victims.map(info), numPDBViolations: 0 });
    // With MaxInt32+1 added per victim, a second (even negative-priority) victim outweighs any priority gap.
    assert.equal(pickOneNodeForPreemption([c('a', pod('x', 'a', low, 0, { start: 1 })), c('b', pod('y', 'b', low, 0, { start: 1 }))], 0)?.nodeName, 'a');
    assert.equal(pickOneNodeForPreemption([c('a', pod('x', 'a', low), pod('z', 'a', neg)), c('b', pod('y', 'b', low))], 0)?.nodeName, 'b');
    assert.equal(pickOneNodeForPreemption([], 0), undefined);
  });
});
