import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapFlowControl, legacyLeaderElectionFlowSchemas } from '../../../../src/controlplane/apiserver/flowcontrol/bootstrap-configuration.js';
import { FlowSchemaClassifier, flowDistinguisher, type NonResourceRequestDigest } from '../../../../src/controlplane/apiserver/flowcontrol/flow-schema-match.js';
import type { RequestDigest } from '../../../../src/controlplane/apiserver/flowcontrol/request-digest.js';

const classifier = new FlowSchemaClassifier(bootstrapFlowControl.flowSchemas);
function classify(d: RequestDigest): [string, string, string] {
  const fs = classifier.flowSchemas[classifier.classify(d)]!;
  return [fs.metadata.name, fs.spec.priorityLevelConfiguration.name, flowDistinguisher(d, fs)];
}
const req = (o: Partial<RequestDigest> & { userName: string }): RequestDigest => ({ verb: 'get', apiGroup: '', resource: 'pods', namespace: 'default', groups: [], ...o });
const kubelet = { userName: 'system:node:node-1', groups: ['system:nodes'] };
const scheduler = { userName: 'system:kube-scheduler' };

test('schemas are tried by ascending precedence, ties by name', () => {
  const names = classifier.flowSchemas.map((fs) => fs.metadata.name);
  assert.deepEqual(names, [
    'exempt', // 1
    'probes', // 2
    'system-leader-election', // 100
    'system-node-high', // 400
    'system-nodes', // 500
    'kube-controller-manager', // 800
    'kube-scheduler', // 800, after kube-controller-manager by name
    'kube-system-service-accounts', // 900
    'service-accounts', // 9000
    'global-default', // 9900
    'catch-all', // 10000
  ]);
});

test('kubelets: lease and node status to node-high, everything else to system, one flow per node', () => {
  const lease = req({ ...kubelet, verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' });
  assert.deepEqual(classify(lease), ['system-node-high', 'node-high', 'system:node:node-1']);
  assert.deepEqual(classify(req({ ...kubelet, verb: 'patch', resource: 'nodes', subresource: 'status', namespace: '' })), ['system-node-high', 'node-high', 'system:node:node-1']);
  assert.deepEqual(classify(req({ ...kubelet, verb: 'get', resource: 'nodes', namespace: '' })), ['system-node-high', 'node-high', 'system:node:node-1']);
  assert.deepEqual(classify(req({ ...kubelet, verb: 'patch', resource: 'pods', subresource: 'status' })), ['system-nodes', 'system', 'system:node:node-1']);
  assert.deepEqual(classify(req({ ...kubelet, resource: 'secrets', namespace: 'app' })), ['system-nodes', 'system', 'system:node:node-1']);
  // Leases are namespaced in the rule: a cluster-scoped "leases" request does not match it.
  assert.deepEqual(classify(req({ ...kubelet, verb: 'list', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: '' })), ['system-nodes', 'system', 'system:node:node-1']);
});

test('scheduler: binds to workload-high by namespace, its lease to leader-election', () => {
  const bind = req({ ...scheduler, verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'team-a' });
  assert.deepEqual(classify(bind), ['kube-scheduler', 'workload-high', 'team-a']);
  const lease = req({ ...scheduler, verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' });
  assert.deepEqual(classify(lease), ['system-leader-election', 'leader-election', 'system:kube-scheduler']);
  // Only get/create/update of leases are leader election; a watch is ordinary scheduler traffic.
  assert.deepEqual(classify({ ...lease, verb: 'watch' }), ['kube-scheduler', 'workload-high', 'kube-system']);
  assert.deepEqual(classify(req({ userName: 'system:kube-controller-manager', verb: 'list', resource: 'replicasets', apiGroup: 'apps' })), ['kube-controller-manager', 'workload-high', 'default']);
});

test('service accounts: kube-system ones to workload-high, the rest to workload-low (groups implied by the user name)', () => {
  const rsController = req({ userName: 'system:serviceaccount:kube-system:replicaset-controller', verb: 'create', namespace: 'app' });
  assert.deepEqual(classify(rsController), ['kube-system-service-accounts', 'workload-high', 'app']);
  const app = req({ userName: 'system:serviceaccount:app:builder', verb: 'list', namespace: 'app' });
  assert.deepEqual(classify(app), ['service-accounts', 'workload-low', 'system:serviceaccount:app:builder']);
  // A kube-system service account's lease is leader election.
  assert.deepEqual(classify({ ...rsController, verb: 'get', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' })[0], 'system-leader-election');
});

test('users: a LIST to global-default, system:masters exempt, anonymous to global-default', () => {
  assert.deepEqual(classify(req({ userName: 'alice', verb: 'list', namespace: '' })), ['global-default', 'global-default', 'alice']);
  assert.deepEqual(classify(req({ userName: 'alice', groups: ['system:authenticated', 'dev'], verb: 'list' })), ['global-default', 'global-default', 'alice']);
  assert.deepEqual(classify(req({ userName: 'kubernetes-admin', groups: ['system:masters'], verb: 'delete' })), ['exempt', 'exempt', '']);
  assert.deepEqual(classify(req({ userName: 'system:anonymous', groups: ['system:unauthenticated'] })), ['global-default', 'global-default', 'system:anonymous']);
});

test('non-resource requests: probes are exempt (sub-paths too), other paths fall to global-default', () => {
  const probe = (path: string, verb = 'get'): NonResourceRequestDigest => ({ ...req({ userName: 'system:anonymous', groups: ['system:unauthenticated'] }), verb, resource: '', namespace: '', path });
  assert.deepEqual(classify(probe('/healthz')), ['probes', 'exempt', '']);
  assert.deepEqual(classify(probe('/livez/ping')), ['probes', 'exempt', '']);
  assert.deepEqual(classify(probe('/readyz', 'post')), ['global-default', 'global-default', 'system:anonymous']);
  assert.deepEqual(classify(probe('/metrics')), ['global-default', 'global-default', 'system:anonymous']);
});

test('nothing matches: -1 (the controller then uses catch-all); legacy schemas catch endpoints leader election', () => {
  const onlyNodes = new FlowSchemaClassifier(bootstrapFlowControl.flowSchemas.filter((fs) => fs.metadata.name === 'system-nodes'));
  assert.equal(onlyNodes.classify(req({ userName: 'alice' })), -1);
  const legacy = new FlowSchemaClassifier([...bootstrapFlowControl.flowSchemas, ...legacyLeaderElectionFlowSchemas]);
  const ep = req({ userName: 'system:serviceaccount:kube-system:endpoint-controller', verb: 'update', resource: 'endpoints', namespace: 'app' });
  assert.equal(legacy.flowSchemas[legacy.classify(ep)]!.metadata.name, 'endpoint-controller');
  const cm = req({ userName: 'system:serviceaccount:kube-system:some-operator', verb: 'get', resource: 'configmaps', namespace: 'app' });
  assert.equal(legacy.flowSchemas[legacy.classify(cm)]!.metadata.name, 'workload-leader-election');
});
