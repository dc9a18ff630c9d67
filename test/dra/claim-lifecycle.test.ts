import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classAndTemplate, draScenario, runDraCluster } from './dra-cluster.js';

function running(c: Awaited<ReturnType<typeof runDraCluster>>): string[] {
  return c.cluster.store.list('Pod').filter((p) => p.status.phase === 'Running').map((p) => p.metadata.name);
}

test('MIG: seven 1g.5gb partitions of one A100 run, the eighth pod waits; deleting pods deletes their claims and frees partitions', async () => {
  const c = await runDraCluster(draScenario(
    '{ count: 1, model: A100, memory: 40Gi, sharing: { strategy: MIG, profiles: [1g.5gb, 3g.20gb] } }',
    classAndTemplate('mig-small', 'device.attributes["gpu.nvidia.com"].profile == "1g.5gb"'),
    'mig-small', 8,
  ));
  const store = c.cluster.store;
  assert.equal(running(c).length, 7);
  const pending = store.list('Pod').filter((p) => p.spec.nodeName === undefined);
  assert.equal(pending.length, 1);
  // Every running pod's claim is allocated on a distinct partition and reserved for it.
  const claims = store.list('ResourceClaim');
  assert.equal(claims.length, 8);
  const allocated = claims.filter((cl) => cl.status.allocation !== undefined);
  assert.equal(allocated.length, 7);
  assert.equal(new Set(allocated.map((cl) => cl.status.allocation?.devices.results[0]?.device)).size, 7);
  for (const cl of allocated) assert.equal(cl.status.reservedFor?.length, 1);
  // The resourceclaim controller made each claim from the template, owned by its pod, and told the pod.
  const pod0 = store.get('Pod', 'default/p-0');
  const claim0 = store.get('ResourceClaim', 'default/p-0-gpu');
  assert.deepEqual(pod0?.status.resourceClaimStatuses, [{ name: 'gpu', resourceClaimName: 'p-0-gpu' }]);
  assert.equal(claim0?.metadata.ownerReferences?.[0]?.uid, pod0?.metadata.uid);
  assert.equal(claim0?.metadata.annotations?.['resource.kubernetes.io/pod-claim-name'], 'gpu');
  const gpus = c.cluster.scheduler.cache.get('g-0')?.gpus;
  assert.equal(gpus?.model, 'A100');
  assert.equal(gpus?.milliFree[0], 0);

  const victim = running(c)[0] as string;
  c.deletePod(victim);
  assert.equal(store.get('ResourceClaim', `default/${victim}-gpu`), undefined, 'the template claim is deleted with its pod');
  assert.equal(running(c).length, 7, 'the waiting pod took the freed partition');
  c.deletePod(running(c)[0] as string);
  assert.equal(running(c).length, 6);
  assert.equal(c.cluster.scheduler.cache.get('g-0')?.gpus?.milliFree[0], 1000 - 6 * 143);
});

test('MPS: clients share a GPU up to maxClients at their thread percentage; utilisation counts the MPS overhead', async () => {
  const c = await runDraCluster(draScenario(
    '{ count: 2, model: H100, memory: 80Gi, sharing: { strategy: MPS, maxClients: 4, defaultActiveThreadPercentage: 25 } }',
    classAndTemplate('mps', 'device.attributes["gpu.nvidia.com"].sharingStrategy == "MPS"'),
    'mps', 6,
  ));
  assert.equal(running(c).length, 6);
  const perGpu = new Map<string, number>();
  for (const cl of c.cluster.store.list('ResourceClaim')) {
    const r = cl.status.allocation?.devices.results[0];
    assert.equal(r?.consumedCapacity?.['gpu.nvidia.com/activeThreadPercentage'], '25');
    perGpu.set(r?.device ?? '', (perGpu.get(r?.device ?? '') ?? 0) + 1);
  }
  assert.deepEqual([...perGpu.entries()].sort(), [['gpu-0', 4], ['gpu-1', 2]]);
  // Default demand 1, capped at 25 % each: 4 clients fill a GPU less 4 % MPS overhead; 2 clients half of one.
  const util = c.metrics.gauge('dra_gpu_utilization', { sharing: 'MPS' }).value;
  assert.ok(Math.abs(util - (0.96 + 0.48) / 2) < 1e-9, `utilisation ${util}`);
  assert.equal(c.metrics.gauge('dra_pods_per_gpu', { sharing: 'MPS' }).value, 3);
});

test('time-slicing: replicas bound the consumers of a GPU; a deleted pod\'s claim is deallocated and the next pod runs', async () => {
  const c = await runDraCluster(draScenario(
    '{ count: 1, model: L4, memory: 24Gi, sharing: { strategy: TimeSlicing, replicas: 3 } }',
    classAndTemplate('ts', 'device.driver == "gpu.nvidia.com"'),
    'ts', 4,
  ));
  assert.equal(running(c).length, 3);
  assert.equal(c.metrics.gauge('dra_pods_per_gpu', { sharing: 'TimeSlicing' }).value, 3);
  c.deletePod(running(c)[1] as string);
  assert.equal(running(c).length, 3);
  assert.equal(c.cluster.store.list('ResourceClaim').length, 3);
});

test('a shared claim (resourceClaimName) is reserved for each of its pods and unreserved as they go', async () => {
  const objects = `${classAndTemplate('whole', 'device.driver == "gpu.nvidia.com"')}
      - apiVersion: resource.k8s.io/v1
        kind: ResourceClaim
        metadata: { name: shared-gpu }
        spec: { devices: { requests: [{ name: gpu, exactly: { deviceClassName: whole, count: 2 } }] } }`;
  const text = draScenario('{ count: 4, model: A100, memory: 40Gi }', objects, 'whole', 0).replace(
    "        resourceClaims: [{ name: gpu, resourceClaimTemplateName: whole }]",
    "        resourceClaims: [{ name: gpu, resourceClaimName: shared-gpu }]",
  ).replace('    count: 0\n', '    count: 3\n');
  const c = await runDraCluster(text);
  assert.equal(running(c).length, 3);
  const claim = c.cluster.store.get('ResourceClaim', 'default/shared-gpu');
  assert.deepEqual(claim?.status.allocation?.devices.results.map((r) => r.device), ['gpu-0', 'gpu-1']);
  assert.equal(claim?.status.reservedFor?.length, 3);
  for (const name of running(c)) c.deletePod(name, 5);
  const after = c.cluster.store.get('ResourceClaim', 'default/shared-gpu');
  assert.equal(after?.status.reservedFor, undefined);
  assert.equal(after?.status.allocation, undefined, 'deallocated once nobody reserves it');
  assert.equal(c.cluster.scheduler.cache.get('g-0')?.gpus?.totalMilliFree(), 4000);
});

test('deletePods: the workload\'s deletes release every claim and the GPUs are free again', async () => {
  const c = await runDraCluster(draScenario(
    '{ count: 2, model: A100, memory: 40Gi, sharing: { strategy: Shares, shares: 8, perAllocation: 2 } }',
    classAndTemplate('share', 'device.allowMultipleAllocations'),
    'share', 6,
    '  - opcode: deletePods\n    namespace: default\n  - opcode: sleep\n    duration: 30s\n',
  ));
  assert.equal(c.cluster.store.list('Pod').length, 0);
  assert.equal(c.cluster.store.list('ResourceClaim').length, 0);
  assert.deepEqual([...(c.cluster.scheduler.cache.get('g-0')?.gpus?.milliFree ?? [])], [1000, 1000]);
  assert.equal(c.metrics.gauge('dra_pods_per_gpu', { sharing: 'Shares' }).value, 0);
});
