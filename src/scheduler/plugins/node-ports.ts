/**
 * NodePorts (PreFilter, Filter), after upstream pkg/scheduler/framework/plugins/nodeports/node_ports.go
 * and framework HostPortInfo.CheckConflict: a wanted host port conflicts with a used one of the same
 * protocol and port when either side binds 0.0.0.0 or both bind the same IP.
 */
import type { ContainerPort } from '../../api/objects.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult } from '../framework/extension-points.js';
import { portKey, type NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { skip, unschedulable, type Result } from '../framework/status.js';

const NAME = 'NodePorts';

/** Upstream nodeports.ErrReason. */
export const nodePortsErrReason = "node(s) didn't have free ports for the requested pod ports";

/** One wanted host port as `NodeInfo.usedPorts` keys to look up. */
interface WantedPort {
  /** Binds 0.0.0.0: conflicts with the same protocol/port on any IP. */
  readonly wildcard: boolean;
  /** For the wildcard scan: key prefix `protocol/` and suffix `/port`. */
  readonly prefix: string;
  readonly suffix: string;
  /** For a specific IP: the keys that conflict (that IP, 0.0.0.0 and an unsanitised empty IP). */
  readonly keys: readonly string[];
}

function wantedPorts(ports: readonly ContainerPort[]): WantedPort[] {
  return ports.map((p) => {
    const protocol = p.protocol ?? 'TCP';
    const ip = p.hostIP === undefined || p.hostIP === '' ? '0.0.0.0' : p.hostIP;
    const port = p.hostPort ?? 0;
    return {
      wildcard: ip === '0.0.0.0',
      prefix: `${protocol}/`,
      suffix: `/${port}`,
      keys: [portKey(protocol, ip, port), portKey(protocol, '0.0.0.0', port), portKey(protocol, '', port)],
    };
  });
}

function conflicts(want: WantedPort, used: ReadonlyMap<string, number>): boolean {
  if (!want.wildcard) {
    for (let i = 0; i < want.keys.length; i++) if (used.has(want.keys[i] as string)) return true;
    return false;
  }
  for (const key of used.keys()) if (key.startsWith(want.prefix) && key.endsWith(want.suffix)) return true;
  return false;
}

const skipResult: PreFilterResult = { status: skip };

class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | null {
    if (pod.hostPorts.length === 0) return skipResult;
    state.write(NAME, wantedPorts(pod.hostPorts));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const used = node.usedPorts;
    if (used.size === 0) return null;
    const want = state.read<readonly WantedPort[]>(NAME) ?? wantedPorts(pod.hostPorts);
    for (let i = 0; i < want.length; i++) if (conflicts(want[i] as WantedPort, used)) return unschedulable(nodePortsErrReason);
    return null;
  }
}

/** NodePorts: the pod's host ports must be free on the node (Unschedulable otherwise); skipped for pods without host ports. */
export const nodePortsPlugin: PluginDefinition = {
  name: NAME,
  factory: () => new NodePorts(),
};
