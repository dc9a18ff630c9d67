/** DefaultBinder against upstream default_binder_test.go TestDefaultBinder (binding request, success and API error). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiRequest, ApiResponse } from '../../../src/controlplane/apiserver/request.js';
import type { BindPlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code, type Result } from '../../../src/scheduler/framework/status.js';
import { defaultBinderPlugin } from '../../../src/scheduler/plugins/default-binder.js';
import { info, makeHandle, makePod, newState } from '../fixtures.js';

function bindWith(response: ApiResponse): { requests: ApiRequest[]; results: Result[]; returned: boolean } {
  const requests: ApiRequest[] = [];
  const results: Result[] = [];
  const handle = makeHandle([], { send: (req, done) => { requests.push(req); done(response); } });
  const binder = defaultBinderPlugin.factory({}, handle) as BindPlugin;
  const returned = binder.bind(newState(), info(makePod('foo', {}, {}, {}, 'ns')), 'foohost.kubernetes.mydomain.com', (s) => results.push(s));
  return { requests, results, returned };
}

test('DefaultBinder: successful binding POSTs pods/binding as the scheduler', () => {
  const { requests, results, returned } = bindWith({ code: 201 });
  assert.equal(returned, true);
  assert.deepEqual(requests, [{ verb: 'POST', kind: 'Pod', subresource: 'binding', name: 'foo', namespace: 'ns', nodeName: 'foohost.kubernetes.mydomain.com', user: 'system:kube-scheduler' }]);
  assert.deepEqual(results, [null]);
});

test('DefaultBinder: binding error is an Error status with the API message', () => {
  const { results, returned } = bindWith({ code: 409, message: 'pod foo is already assigned to node bar' });
  assert.equal(returned, true);
  assert.equal(results.length, 1);
  assert.equal(results[0]?.code, Code.Error);
  assert.deepEqual(results[0]?.reasons, ['pod foo is already assigned to node bar']);
});

test('DefaultBinder: a failure without message still reports the code', () => {
  const { results } = bindWith({ code: 500 });
  assert.equal(results[0]?.code, Code.Error);
  assert.match(results[0]?.message() ?? '', /500/);
});
