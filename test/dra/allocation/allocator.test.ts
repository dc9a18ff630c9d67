import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate } from '../../../src/dra/allocation/allocator.js';
import { DeviceUsage } from '../../../src/dra/allocation/device-usage.js';
import type { Device } from '../../../src/dra/resource-api.js';
import { claim, classes, gpuNode, sliceOf } from '../fixtures.js';

const gpus = classes({ gpu: 'device.driver == "gpu.nvidia.com"', any: '' });

function devicesOf(out: ReturnType<typeof allocate>): string[][] {
  assert.ok('results' in out, 'failure' in out ? out.failure : '');
  return out.results.map((r) => r.map((x) => x.device));
}

test('ExactCount takes count devices first fit; class and request selectors both apply', () => {
  const node = gpuNode('n', 4);
  assert.deepEqual(devicesOf(allocate([claim('ns/c', [{ deviceClassName: 'gpu', count: 2 }])], node, new DeviceUsage(), gpus)), [['gpu-0', 'gpu-1']]);
  const picked = allocate([claim('ns/c', [{ deviceClassName: 'gpu', selectors: [{ cel: { expression: 'device.attributes["gpu.nvidia.com"].index >= 2' } }] }])], node, new DeviceUsage(), gpus);
  assert.deepEqual(devicesOf(picked), [['gpu-2']]);
  const tooMany = allocate([claim('ns/c', [{ deviceClassName: 'gpu', count: 5 }])], node, new DeviceUsage(), gpus);
  assert.ok('failure' in tooMany);
  const noClass = allocate([claim('ns/c', [{ deviceClassName: 'missing' }])], node, new DeviceUsage(), gpus);
  assert.ok('failure' in noClass && /device class missing does not exist/.test(noClass.failure));
});

test('allocated devices are not handed out twice; All needs every matching device free', () => {
  const node = gpuNode('n', 2);
  const usage = new DeviceUsage();
  const first = allocate([claim('ns/a', [{ deviceClassName: 'gpu' }])], node, usage, gpus);
  assert.ok('results' in first);
  usage.apply(node[0]!, first.results[0]![0]!, 1);
  assert.deepEqual(devicesOf(allocate([claim('ns/b', [{ deviceClassName: 'gpu' }])], node, usage, gpus)), [['gpu-1']]);
  assert.ok('failure' in allocate([claim('ns/b', [{ deviceClassName: 'gpu', allocationMode: 'All' }])], node, usage, gpus));
  assert.deepEqual(devicesOf(allocate([claim('ns/b', [{ deviceClassName: 'gpu', allocationMode: 'All' }])], node, new DeviceUsage(), gpus)), [['gpu-0', 'gpu-1']]);
  // The allocator leaves usage as it found it.
  assert.equal(usage.inUse(node[1]!.id), false);
});

const numaDevices: Device[] = [
  { name: 'nic-0', attributes: { kind: { string: 'nic' }, numa: { int: 0 } } },
  { name: 'gpu-0', attributes: { kind: { string: 'gpu' }, numa: { int: 1 } } },
  { name: 'nic-1', attributes: { kind: { string: 'nic' }, numa: { int: 1 } } },
  { name: 'gpu-1', attributes: { kind: { string: 'gpu' }, numa: { int: 0 } } },
];
const numa = classes({
  nic: 'device.attributes["dra.example.com"].kind == "nic"',
  gpu: 'device.attributes["dra.example.com"].kind == "gpu"',
});

test('matchAttribute backtracks to devices that share the attribute; distinctAttribute keeps them apart', () => {
  const node = sliceOf(numaDevices);
  const requests = [{ name: 'nic', deviceClassName: 'nic' }, { name: 'gpu', deviceClassName: 'gpu' }];
  // First fit would pair nic-0 (numa 0) with gpu-0 (numa 1); the constraint forces nic-0 + gpu-1.
  assert.deepEqual(devicesOf(allocate([claim('ns/c', requests, [{ matchAttribute: 'dra.example.com/numa' }])], node, new DeviceUsage(), numa)), [['nic-0', 'gpu-1']]);
  assert.deepEqual(devicesOf(allocate([claim('ns/c', requests, [{ distinctAttribute: 'dra.example.com/numa' }])], node, new DeviceUsage(), numa)), [['nic-0', 'gpu-0']]);
  // A constraint limited to other requests does not bind these.
  assert.deepEqual(devicesOf(allocate([claim('ns/c', requests, [{ requests: ['other'], matchAttribute: 'dra.example.com/numa' }])], node, new DeviceUsage(), numa)), [['nic-0', 'gpu-0']]);
  // Two GPUs on one NUMA node do not exist.
  assert.ok('failure' in allocate([claim('ns/c', [{ deviceClassName: 'gpu', count: 2 }], [{ matchAttribute: 'dra.example.com/numa' }])], node, new DeviceUsage(), numa));
});

test('consumable capacity: shares are granted by the request policy and never beyond the device', () => {
  const node = gpuNode('n', 1, { strategy: 'Shares', shares: 8, perAllocation: 2 });
  const usage = new DeviceUsage();
  const taken: string[] = [];
  for (let i = 0; i < 5; i++) {
    const out = allocate([claim(`ns/c${i}`, [{ deviceClassName: 'gpu', capacity: { requests: { shares: '2' } } }])], node, usage, gpus);
    if ('failure' in out) break;
    const r = out.results[0]![0]!;
    assert.equal(r.consumedCapacity?.['gpu.nvidia.com/shares'], '2');
    assert.equal(r.shareID, `ns/c${i}-0`);
    usage.apply(node[0]!, r, 1);
    taken.push(r.device);
  }
  assert.deepEqual(taken, ['gpu-0', 'gpu-0', 'gpu-0', 'gpu-0']);
  // 3 shares round up to the policy's step of 2: 4 granted.
  const rounded = allocate([claim('ns/x', [{ deviceClassName: 'gpu', capacity: { requests: { shares: '3' } } }])], node, new DeviceUsage(), gpus);
  assert.ok('results' in rounded);
  assert.equal(rounded.results[0]![0]!.consumedCapacity?.['gpu.nvidia.com/shares'], '4');
});

test('MIG partitions consume the GPU\'s shared counters: partitions and the whole GPU exclude each other', () => {
  const node = gpuNode('n', 1, { strategy: 'MIG', profiles: ['1g.5gb', '3g.20gb'] });
  const mig = classes({ small: 'device.attributes["gpu.nvidia.com"].profile == "1g.5gb"', half: 'device.attributes["gpu.nvidia.com"].profile == "3g.20gb"', whole: 'device.attributes["gpu.nvidia.com"].type == "gpu"' });
  const usage = new DeviceUsage();
  const byId = new Map(node.map((d) => [d.view.device.name, d]));
  const take = (cls: string): string | undefined => {
    const out = allocate([claim('ns/c', [{ deviceClassName: cls }])], node, usage, mig);
    if ('failure' in out) return undefined;
    const r = out.results[0]![0]!;
    usage.apply(byId.get(r.device)!, r, 1);
    return r.device;
  };
  assert.equal(take('half'), 'gpu-0-mig-3g-20gb-0');
  assert.equal(take('whole'), undefined);
  assert.equal(take('half'), 'gpu-0-mig-3g-20gb-1');
  // 6 of 7 compute slices and all 8 memory slices are used: nothing else fits.
  assert.equal(take('small'), undefined);
});

test('firstAvailable: the first alternative that fits is used, recorded as request/subrequest', () => {
  const node = [...gpuNode('n', 1, { strategy: 'Exclusive' }, 'H100')];
  const cls = classes({ a100: 'device.attributes["gpu.nvidia.com"].productName == "A100"', h100: 'device.attributes["gpu.nvidia.com"].productName == "H100"' });
  const c = { key: 'ns/c', spec: { devices: { requests: [{ name: 'gpu', firstAvailable: [{ name: 'big', deviceClassName: 'a100' }, { name: 'small', deviceClassName: 'h100' }] }] } } };
  const out = allocate([c], node, new DeviceUsage(), cls);
  assert.ok('results' in out);
  assert.deepEqual(out.results[0]?.map((r) => [r.request, r.device]), [['gpu/small', 'gpu-0']]);
  const none = allocate([{ key: 'ns/d', spec: { devices: { requests: [{ name: 'gpu', firstAvailable: [{ name: 'big', deviceClassName: 'a100' }] }] } } }], node, new DeviceUsage(), cls);
  assert.ok('failure' in none);
});
