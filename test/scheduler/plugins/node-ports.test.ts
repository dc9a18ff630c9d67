/** NodePorts against upstream node_ports_test.go TestNodePorts (HostPortInfo.CheckConflict wildcard rules). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerPort, Pod } from '../../../src/api/objects.js';
import type { FilterPlugin, PreFilterPlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { nodePortsErrReason, nodePortsPlugin } from '../../../src/scheduler/plugins/node-ports.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type NP = PreFilterPlugin & FilterPlugin;

/** A pod with host ports given as "PROTO/IP/PORT" (as upstream newPod). */
function podWithPorts(name: string, ...ports: string[]): Pod {
  const list: ContainerPort[] = ports.map((s) => {
    const [protocol, hostIP, port] = s.split('/') as ['TCP' | 'UDP' | 'SCTP', string, string];
    return { containerPort: Number(port), hostPort: Number(port), protocol, hostIP };
  });
  return makePod(name, {}, { containers: [{ name: 'c', image: 'pause', resources: { requests: {}, limits: {} }, ports: list }] });
}

const cases: ReadonlyArray<[string, string[], string[], boolean]> = [
  ['nothing running', ['UDP/127.0.0.1/8080'], [], true],
  ['other port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/9090'], true],
  ['same udp port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['same tcp port', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], false],
  ['different host ip', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.2/8080'], true],
  ['different protocol', ['UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], true],
  ['second udp port conflict', ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['first tcp port conflict', ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], false],
  ['first tcp port conflict due to 0.0.0.0 hostIP', ['TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['TCP hostPort conflict due to 0.0.0.0 hostIP', ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['second tcp port conflict to 0.0.0.0 hostIP', ['TCP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], false],
  ['second different protocol', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], true],
  ['UDP hostPort conflict due to 0.0.0.0 hostIP', ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['empty hostIP is the 0.0.0.0 wildcard', ['TCP//8001'], ['TCP/10.1.1.1/8001'], false],
  ['wildcard does not match a longer port number', ['TCP/0.0.0.0/80'], ['TCP/127.0.0.1/8080'], true],
];

for (const [name, want, used, fits] of cases) {
  test(`NodePorts: ${name}`, () => {
    const node = makeNodeInfo(makeNode('n'), used.length === 0 ? [] : [podWithPorts('existing', ...used)]);
    const p = nodePortsPlugin.factory({}, makeHandle([node])) as NP;
    const state = newState();
    const pod = info(podWithPorts('p', ...want));
    assert.equal(p.preFilter(state, pod, [node]), null);
    const got = p.filter(state, pod, node);
    if (fits) assert.equal(got, null);
    else {
      assert.equal(got?.code, Code.Unschedulable);
      assert.deepEqual(got?.reasons, [nodePortsErrReason]);
    }
    assert.equal(p.filter(newState(), pod, node) === null, fits, 'without PreFilter state');
  });
}

test('NodePorts: PreFilter skips pods without host ports', () => {
  const p = nodePortsPlugin.factory({}, makeHandle([])) as NP;
  assert.equal(p.preFilter(newState(), info(makePod('p')), [])?.status?.code, Code.Skip);
});
