import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestDigest, userGroups } from '../../../src/controlplane/apiserver/request-attributes.js';

test('kubelets are in system:nodes, service accounts in their namespace group, everyone authenticated', () => {
  assert.deepEqual(userGroups('system:node:n1'), ['system:authenticated', 'system:nodes']);
  assert.deepEqual(userGroups('system:serviceaccount:kube-system:job-controller'), [
    'system:authenticated',
    'system:serviceaccounts',
    'system:serviceaccounts:kube-system',
  ]);
  assert.deepEqual(userGroups('alice', ['system:masters']), ['system:authenticated', 'system:masters']);
});

test('a lease renewal is an update of coordination.k8s.io leases in its namespace', () => {
  const d = requestDigest({ verb: 'PUT', kind: 'Lease', namespace: 'kube-node-lease', name: 'n1', user: 'system:node:n1' }, ['system:nodes']);
  assert.deepEqual(d, { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', userName: 'system:node:n1', groups: ['system:nodes'] });
  const b = requestDigest({ verb: 'POST', kind: 'Pod', subresource: 'binding', namespace: 'default', name: 'p', user: 'system:kube-scheduler' }, []);
  assert.equal(b.verb, 'create');
  assert.equal(b.subresource, 'binding');
  assert.equal(requestDigest({ verb: 'LIST', kind: 'Node', user: 'u' }, []).namespace, '');
});
