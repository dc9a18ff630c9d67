import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuantity } from '../../../src/api/quantity.js';
import { allocate } from '../../../src/dra/allocation/allocator.js';
import { DeviceUsage, type CandidateDevice } from '../../../src/dra/allocation/device-usage.js';
import type { GpuSharing } from '../../../src/dra/gpu-driver/gpu-slices.js';
import { gpuIndexOf, resultMilli } from '../../../src/dra/node-gpu-view.js';
import type { DeviceRequestAllocationResult, ExactDeviceRequest } from '../../../src/dra/resource-api.js';
import { claim, classes, gpuNode } from '../fixtures.js';

const strategies: GpuSharing[] = [
  { strategy: 'Exclusive' },
  { strategy: 'Shares', shares: 8, perAllocation: 2 },
  { strategy: 'Shares', shares: 10, perAllocation: 1 },
  { strategy: 'TimeSlicing', replicas: 4 },
  { strategy: 'MPS', maxClients: 4, defaultActiveThreadPercentage: 30 },
  { strategy: 'MIG', profiles: ['1g.5gb', '2g.10gb', '3g.20gb', '7g.40gb'] },
];

const cls = classes({
  gpu: 'device.driver == "gpu.nvidia.com"',
  whole: 'device.attributes["gpu.nvidia.com"].type == "gpu"',
  mig: 'device.attributes["gpu.nvidia.com"].type == "mig"',
});

/** Requests a random workload may make of any strategy (some cannot be met by some nodes). */
const requestArb: fc.Arbitrary<ExactDeviceRequest> = fc.oneof(
  fc.constant<ExactDeviceRequest>({ deviceClassName: 'whole' }),
  fc.constant<ExactDeviceRequest>({ deviceClassName: 'mig' }),
  fc.integer({ min: 1, max: 2 }).map((count): ExactDeviceRequest => ({ deviceClassName: 'gpu', count })),
  fc.integer({ min: 1, max: 6 }).map((n): ExactDeviceRequest => ({ deviceClassName: 'gpu', capacity: { requests: { shares: String(n) } } })),
  fc.integer({ min: 5, max: 70 }).map((pct): ExactDeviceRequest => ({ deviceClassName: 'gpu', capacity: { requests: { activeThreadPercentage: String(pct) } } })),
  fc.constant<ExactDeviceRequest>({ deviceClassName: 'gpu', allocationMode: 'All' }),
);

const stepArb = fc.oneof(
  requestArb.map((r) => ({ op: 'allocate' as const, r })),
  fc.nat().map((i) => ({ op: 'release' as const, i })),
);

interface Held {
  readonly results: { readonly device: CandidateDevice; readonly result: DeviceRequestAllocationResult }[];
}

function checkInvariants(node: readonly CandidateDevice[], held: readonly Held[]): void {
  const consumed = new Map<string, bigint>();
  const counters = new Map<string, bigint>();
  const exclusive = new Map<string, number>();
  const milli = new Map<number, number>();
  for (const h of held) {
    for (const { device, result } of h.results) {
      if (device.view.device.allowMultipleAllocations === true) {
        for (const [name, amount] of Object.entries(result.consumedCapacity ?? {})) {
          const k = `${device.id}|${name}`;
          consumed.set(k, (consumed.get(k) ?? 0n) + parseQuantity(amount).milli);
        }
      } else {
        exclusive.set(device.id, (exclusive.get(device.id) ?? 0) + 1);
      }
      for (const c of device.view.device.consumesCounters ?? []) {
        for (const [name, v] of Object.entries(c.counters)) {
          const k = `${device.view.driver}/${device.view.pool}/${c.counterSet}|${name}`;
          counters.set(k, (counters.get(k) ?? 0n) + parseQuantity(v.value).milli);
        }
      }
      const i = gpuIndexOf(device);
      if (i !== undefined) milli.set(i, (milli.get(i) ?? 0) + resultMilli(device, result));
    }
  }
  for (const [id, n] of exclusive) assert.equal(n, 1, `${id} allocated ${n} times`);
  for (const [k, v] of consumed) {
    const [id, name] = k.split('|') as [string, string];
    const d = node.find((x) => x.id === id)!;
    assert.ok(v <= (d.capacity.get(name) ?? 0n), `${k}: ${v} consumed of ${d.capacity.get(name)}`);
  }
  for (const [k, v] of counters) {
    const [set, name] = k.split('|') as [string, string];
    const total = node[0]!.counterTotals.get(set)?.get(name) ?? 0n;
    assert.ok(v <= total, `${k}: ${v} of ${total}`);
  }
  // TimeSlicing shares whole-GPU memory, the others split the GPU: no GPU is handed out beyond 1000 milli.
  for (const [i, m] of milli) assert.ok(m <= 1000 + 1, `GPU ${i} holds ${m} milli`);
}

test('property: no sequence of allocations and releases over-commits a GPU, a shared capacity or a counter', () => {
  fc.assert(
    fc.property(fc.constantFrom(...strategies), fc.array(stepArb, { minLength: 1, maxLength: 40 }), (sharing, steps) => {
      const node = gpuNode('n', 2, sharing);
      const byId = new Map(node.map((d) => [d.id, d]));
      const usage = new DeviceUsage();
      const held: Held[] = [];
      let n = 0;
      for (const s of steps) {
        if (s.op === 'release') {
          const h = held.splice(s.i % Math.max(1, held.length), 1)[0];
          for (const x of h?.results ?? []) usage.apply(x.device, x.result, -1);
        } else {
          const out = allocate([claim(`ns/c${n++}`, [s.r])], node, usage, cls);
          if ('failure' in out) continue;
          const results = (out.results[0] ?? []).map((result) => ({ device: byId.get(`${result.driver}/${result.pool}/${result.device}`)!, result }));
          for (const x of results) usage.apply(x.device, x.result, 1);
          held.push({ results });
        }
        checkInvariants(node, held);
      }
    }),
    { seed: 42, numRuns: 300 },
  );
});
