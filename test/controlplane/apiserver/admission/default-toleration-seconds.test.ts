/** DefaultTolerationSeconds: the 300 s not-ready/unreachable tolerations are added unless the pod has its own (plugin/pkg/admission/defaulttolerationseconds admission_test.go cases). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Toleration } from '../../../../src/api/objects.js';
import { admitDefaultTolerationSeconds } from '../../../../src/controlplane/apiserver/admission/default-toleration-seconds.js';

const pod = (tolerations?: Toleration[]): Pick<Pod, 'spec'> => ({
  spec: { schedulerName: 'default-scheduler', priority: 0, containers: [], ...(tolerations === undefined ? {} : { tolerations }) },
});
const notReady: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

test('DefaultTolerationSeconds: a pod without tolerations gets both 300 s tolerations', () => {
  assert.deepEqual(admitDefaultTolerationSeconds(pod()).spec.tolerations, [notReady, unreachable]);
});

test('DefaultTolerationSeconds: an own unreachable toleration is kept and only not-ready is added', () => {
  const own: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
  assert.deepEqual(admitDefaultTolerationSeconds(pod([own])).spec.tolerations, [own, notReady]);
});

test('DefaultTolerationSeconds: a toleration with an empty key and effect covers both taints', () => {
  const all: Toleration = { operator: 'Exists' };
  const admitted = pod([all]);
  assert.equal(admitDefaultTolerationSeconds(admitted), admitted);
});

test('DefaultTolerationSeconds: a NoSchedule toleration of the taint does not count', () => {
  const noSchedule: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' };
  assert.deepEqual(admitDefaultTolerationSeconds(pod([noSchedule])).spec.tolerations, [noSchedule, notReady, unreachable]);
});

test('DefaultTolerationSeconds: pods sharing a template spec share one admitted spec, and the template is left as it was', () => {
  const template = pod().spec;
  const a = admitDefaultTolerationSeconds({ spec: template });
  const b = admitDefaultTolerationSeconds({ spec: template });
  assert.equal(a.spec, b.spec);
  assert.notEqual(a.spec, template);
  assert.equal(template.tolerations, undefined);
  // Another spec object with the same content is admitted on its own.
  const c = admitDefaultTolerationSeconds(pod());
  assert.notEqual(c.spec, a.spec);
  assert.deepEqual(c.spec, a.spec);
  // Other seconds are not taken from the shared result.
  assert.deepEqual(admitDefaultTolerationSeconds({ spec: template }, 60).spec.tolerations?.map((t) => t.tolerationSeconds), [60, 60]);
});
