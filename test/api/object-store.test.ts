import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore, StoreError, type NewObject, type WatchEvent } from '../../src/api/object-store.js';
import { RandomStreams } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';

function pod(name: string, nodeName?: string): NewObject<'Pod'> {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { schedulerName: 'default-scheduler', priority: 0, containers: [], ...(nodeName === undefined ? {} : { nodeName }) },
    status: { phase: 'Pending', conditions: [] },
  };
}

test('resourceVersion increases with every change and create assigns metadata', () => {
  const sim = new Simulation();
  const store = new ObjectStore(sim, () => 0);
  const a = store.create(pod('a'));
  const b = store.create(pod('b'));
  assert.equal(a.metadata.resourceVersion, 1);
  assert.equal(b.metadata.resourceVersion, 2);
  assert.notEqual(a.metadata.uid, b.metadata.uid);
  const a2 = store.update({ ...a, status: { ...a.status, phase: 'Running' } });
  assert.equal(a2.metadata.resourceVersion, 3);
  assert.equal(store.get('Pod', 'default/a')?.status.phase, 'Running');
  assert.deepEqual(store.list('Pod').map((p) => p.metadata.name), ['a', 'b']);
});

test('create of an existing key is 409 AlreadyExists; stale update is 409 Conflict; missing is 404', () => {
  const store = new ObjectStore(new Simulation(), () => 0);
  const a = store.create(pod('a'));
  assert.throws(() => store.create(pod('a')), (e: unknown) => e instanceof StoreError && e.code === 409 && e.reason === 'AlreadyExists');
  store.update({ ...a, status: { ...a.status, phase: 'Running' } });
  assert.throws(() => store.update(a), (e: unknown) => e instanceof StoreError && e.reason === 'Conflict');
  assert.throws(() => store.delete('Pod', 'default/zzz'), (e: unknown) => e instanceof StoreError && e.code === 404);
});

test('watch events arrive after the modelled delay and in change order even when delays vary', () => {
  const sim = new Simulation();
  const rng = new RandomStreams(3).stream('watch');
  const store = new ObjectStore(sim, () => Math.floor(rng.next() * 50_000));
  const seen: { rv: number; at: number }[] = [];
  store.watch('Pod', (e) => seen.push({ rv: e.object.metadata.resourceVersion, at: sim.now }));
  const tick = sim.register<number>((i) => {
    store.create(pod(`p${i}`));
  });
  for (let i = 0; i < 500; i++) sim.schedule(i * 100, tick, i);
  sim.run();
  assert.equal(seen.length, 500);
  for (let i = 1; i < seen.length; i++) {
    assert.ok((seen[i]?.rv ?? 0) > (seen[i - 1]?.rv ?? 0), `event ${i} out of order`);
    assert.ok((seen[i]?.at ?? 0) >= (seen[i - 1]?.at ?? 0));
  }
  assert.ok(seen.some((s, i) => s.at > i * 100), 'some deliveries are delayed');
});

test('a nodeName watch sees a pod enter its selection as ADDED and its deletion as DELETED', () => {
  const sim = new Simulation();
  const store = new ObjectStore(sim, () => 10);
  const events: WatchEvent<'Pod'>['type'][] = [];
  const other: string[] = [];
  store.watch('Pod', (e) => events.push(e.type), { nodeName: 'n1' });
  store.watch('Pod', (e) => other.push(e.type), { nodeName: 'n2' });
  const p = store.create(pod('a'));
  const bound = store.update({ ...p, spec: { ...p.spec, nodeName: 'n1' } });
  store.update({ ...bound, status: { ...bound.status, phase: 'Running' } });
  store.delete('Pod', 'default/a');
  sim.run();
  assert.deepEqual(events, ['ADDED', 'MODIFIED', 'DELETED']);
  assert.deepEqual(other, []);
});

test('a stopped watch receives nothing more', () => {
  const sim = new Simulation();
  const store = new ObjectStore(sim, () => 5);
  let n = 0;
  const w = store.watch('Pod', () => n++);
  store.create(pod('a'));
  w.stop();
  store.create(pod('b'));
  sim.run();
  assert.equal(n, 0);
});
