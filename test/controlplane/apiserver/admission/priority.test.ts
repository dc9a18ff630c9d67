/** The Priority admission plugin (plugin/pkg/admission/priority/admission.go): classes resolved when a pod is created. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectStore, type NewObject } from '../../../../src/api/object-store.js';
import { applyRequest } from '../../../../src/controlplane/apiserver/storage-operation.js';
import { Simulation } from '../../../../src/engine/simulation.js';

const pod = (name: string, spec: Partial<NewObject<'Pod'>['spec']> = {}): NewObject<'Pod'> => ({
  kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [], ...spec }, status: { phase: 'Pending', conditions: [] },
});
const create = (store: ObjectStore, p: NewObject<'Pod'>) => applyRequest(store, { verb: 'POST', kind: 'Pod', namespace: 'default', body: p, user: 'admin' });
const priorityClass = (name: string, value: number, globalDefault = false, preemptionPolicy: 'Never' | 'PreemptLowerPriority' = 'PreemptLowerPriority'): NewObject<'PriorityClass'> =>
  ({ kind: 'PriorityClass', metadata: { name }, spec: { value, globalDefault, preemptionPolicy } });

test('a pod naming a class gets its value and preemptionPolicy', () => {
  const store = new ObjectStore(new Simulation(), () => 0);
  store.create(priorityClass('batch', 100, false, 'Never'));
  const r = create(store, pod('a', { priorityClassName: 'batch' }));
  assert.equal(r.code, 201);
  assert.deepEqual([r.object?.kind === 'Pod' && r.object.spec.priority, r.object?.kind === 'Pod' && r.object.spec.preemptionPolicy], [100, 'Never']);
});

test('the built-in system-node-critical class exists without being created', () => {
  const store = new ObjectStore(new Simulation(), () => 0);
  const r = create(store, pod('a', { priorityClassName: 'system-node-critical' }));
  assert.equal(r.object?.kind === 'Pod' ? r.object.spec.priority : undefined, 2_000_001_000);
});

test('the global default applies to a pod naming no class (the lowest-valued one if several); a numeric priority is kept', () => {
  const store = new ObjectStore(new Simulation(), () => 0);
  store.create(priorityClass('high', 1000, true));
  store.create(priorityClass('low', 10, true));
  const r = create(store, pod('a'));
  assert.deepEqual(r.object?.kind === 'Pod' ? [r.object.spec.priorityClassName, r.object.spec.priority] : [], ['low', 10]);
  const own = create(store, pod('b', { priority: 7 }));
  assert.equal(own.object?.kind === 'Pod' ? own.object.spec.priority : undefined, 7);
});

test('a class that does not exist is a 403 with the upstream message', () => {
  const store = new ObjectStore(new Simulation(), () => 0);
  const r = create(store, pod('a', { priorityClassName: 'missing' }));
  assert.deepEqual([r.code, r.message], [403, 'pods "a" is forbidden: no PriorityClass with name missing was found']);
});
