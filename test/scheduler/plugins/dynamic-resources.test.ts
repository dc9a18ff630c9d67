import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore } from '../../../src/api/object-store.js';
import { DraManager } from '../../../src/dra/dra-manager.js';
import { gpuResourceSlice } from '../../../src/dra/gpu-driver/gpu-slices.js';
import { GpuRequestStateKey, GpuSelectionStateKey, type GpuRequest } from '../../../src/dra/gpu/node-gpus.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { FilterPlugin, PreFilterPlugin, ReservePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { dynamicResourcesPlugin } from '../../../src/scheduler/plugins/dynamic-resources.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type Dra = PreFilterPlugin & FilterPlugin & ReservePlugin;

function setup(claims: { name: string; count?: number; shares?: string }[]) {
  const sim = new Simulation();
  const store = new ObjectStore(sim, () => 0);
  const nodes = [makeNodeInfo(makeNode('n-0')), makeNodeInfo(makeNode('n-1'))];
  const handle0 = makeHandle(nodes);
  const dra = new DraManager(store, () => undefined, handle0.snapshot);
  store.create(gpuResourceSlice({ driver: 'gpu.nvidia.com', count: 4, model: 'A100', memory: 40 * 2 ** 30, sharing: { strategy: 'Shares', shares: 8, perAllocation: 2 } }, 'n-0'));
  store.create(gpuResourceSlice({ driver: 'gpu.nvidia.com', count: 4, model: 'H100', memory: 80 * 2 ** 30, sharing: { strategy: 'Exclusive' } }, 'n-1'));
  store.create({ kind: 'DeviceClass', metadata: { name: 'share' }, spec: { selectors: [{ cel: { expression: 'device.allowMultipleAllocations' } }] } });
  store.create({ kind: 'DeviceClass', metadata: { name: 'whole' }, spec: { selectors: [{ cel: { expression: '!device.allowMultipleAllocations' } }] } });
  for (const c of claims) {
    const exactly = c.shares === undefined ? { deviceClassName: 'whole', count: c.count ?? 1 } : { deviceClassName: 'share', capacity: { requests: { shares: c.shares } } };
    store.create<'ResourceClaim'>({ kind: 'ResourceClaim', metadata: { name: c.name, namespace: 'default' }, spec: { devices: { requests: [{ name: 'gpu', exactly }] } }, status: {} });
  }
  sim.run();
  const handle = makeHandle(nodes, { dra });
  const plugin = dynamicResourcesPlugin.factory({}, handle) as Dra;
  const pod = (claim: string) => info(makePod(`pod-${claim}`, {}, { resourceClaims: [{ name: 'gpu', resourceClaimName: claim }] }));
  return { dra, nodes, plugin, pod };
}

test('PreFilter writes the GpuRequest of a pod\'s claims: a share as milli of one GPU, whole GPUs as a count', () => {
  const { plugin, pod } = setup([{ name: 'half', shares: '4' }, { name: 'two', count: 2 }]);
  const s1 = newState();
  assert.equal(plugin.preFilter(s1, pod('half'), [])?.status ?? null, null);
  assert.deepEqual(s1.read<GpuRequest>(GpuRequestStateKey), { count: 1, milli: 500, models: ['A100'] });
  const s2 = newState();
  plugin.preFilter(s2, pod('two'), []);
  assert.deepEqual(s2.read<GpuRequest>(GpuRequestStateKey), { count: 2, milli: 1000, models: ['H100'] });
  const none = newState();
  assert.equal(plugin.preFilter(none, info(makePod('plain')), [])?.status?.code, 5, 'pods without claims are skipped');
  assert.equal(none.read(GpuRequestStateKey), undefined);
});

test('Filter allocates per node; Reserve takes the GPUs a placement policy chose when they satisfy the claim', () => {
  const { dra, nodes, plugin, pod } = setup([{ name: 'a', shares: '2' }, { name: 'b', shares: '2' }]);
  const [n0, n1] = nodes as [ReturnType<typeof makeNodeInfo>, ReturnType<typeof makeNodeInfo>];
  assert.equal(n0.gpus?.count, 4);
  assert.equal(n1.gpus?.model, 'H100');
  const s = newState();
  plugin.preFilter(s, pod('a'), nodes);
  assert.equal(plugin.filter(s, pod('a'), n0), null);
  assert.equal(plugin.filter(s, pod('a'), n1)?.reasons[0], 'cannot allocate all claims');
  s.write(GpuSelectionStateKey, new Map([['n-0', [2]]]));
  assert.equal(plugin.reserve(s, pod('a'), 'n-0'), null);
  assert.equal(dra.pendingAllocation('default/a')?.results[0]?.device, 'gpu-2');
  assert.deepEqual([...n0.gpus!.milliFree], [1000, 1000, 750, 1000]);
  // A choice that cannot hold the claim (no GPU 9) falls back to the allocator's first fit.
  const t = newState();
  plugin.preFilter(t, pod('b'), nodes);
  plugin.filter(t, pod('b'), n0);
  t.write(GpuSelectionStateKey, new Map([['n-0', [9]]]));
  assert.equal(plugin.reserve(t, pod('b'), 'n-0'), null);
  assert.equal(dra.pendingAllocation('default/b')?.results[0]?.device, 'gpu-0');
  // Unreserve gives the share back.
  plugin.unreserve(s, pod('a'), 'n-0');
  assert.deepEqual([...n0.gpus!.milliFree], [750, 1000, 1000, 1000]);
});

test('PreFilter rejects a pod whose claim does not exist, or whose template claim is not created yet', () => {
  const { plugin } = setup([]);
  const missing = plugin.preFilter(newState(), info(makePod('p', {}, { resourceClaims: [{ name: 'gpu', resourceClaimName: 'nope' }] })), []);
  assert.equal(missing?.status?.code, 3);
  assert.match(missing?.status?.message() ?? '', /resourceclaim "nope" not found/);
  const waiting = plugin.preFilter(newState(), info(makePod('q', {}, { resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 't' }] })), []);
  assert.match(waiting?.status?.message() ?? '', /waiting for the resourceclaim controller/);
});
