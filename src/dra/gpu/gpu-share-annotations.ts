/**
 * GPUs declared without DRA, with the names of Alibaba's open-gpu-share scheduler plugin as the
 * FGD paper's simulator uses them (hkust-adsl/kubernetes-scheduler-simulator,
 * pkg/type/open-gpu-share/utils/const.go and node.go): a node has `alibabacloud.com/gpu-count`
 * (and `alibabacloud.com/gpu-milli`, count × 1000) in its capacity and its model in the label
 * `alibabacloud.com/gpu-card-model`; a pod asks through annotations — `alibabacloud.com/gpu-milli`
 * (milli per GPU), `alibabacloud.com/gpu-count` and `alibabacloud.com/gpu-card-model` (acceptable
 * models joined by `|`) — and the GPUs it got are written to `alibabacloud.com/gpu-index`
 * (indices joined by `-`).
 */
import type { Node, Pod } from '../../api/objects.js';
import { GpuMilli, NodeGpus, type GpuRequest } from './node-gpus.js';

/** Pod annotation / node capacity: milli-GPU per GPU (pod) or in total (node). */
export const GpuMilliName = 'alibabacloud.com/gpu-milli';
/** Pod annotation / node capacity: number of GPUs. */
export const GpuCountName = 'alibabacloud.com/gpu-count';
/** Pod annotation (acceptable models, `|`-separated) / node label (its model). */
export const GpuModelName = 'alibabacloud.com/gpu-card-model';
/** Pod annotation: the indices of the GPUs the pod was given, `-`-separated. */
export const GpuIndexName = 'alibabacloud.com/gpu-index';

/** The GPUs a node declares through capacity and label, all free; undefined when it declares none. */
export function gpuShareNodeGpus(node: Node): NodeGpus | undefined {
  const count = node.status.capacity[GpuCountName] ?? 0;
  if (!(count > 0)) return undefined;
  const name = node.metadata.name;
  return new NodeGpus(node.metadata.labels?.[GpuModelName] ?? '', Array.from({ length: count }, (_, i) => `${name}-gpu${i}`));
}

const requests = new WeakMap<Pod, GpuRequest | null>();

/** The GPU request a pod's annotations state (memoised per pod object); undefined when it asks for no GPU. */
export function gpuShareRequest(pod: Pod): GpuRequest | undefined {
  let r = requests.get(pod);
  if (r === undefined) {
    r = parseRequest(pod);
    requests.set(pod, r);
  }
  return r ?? undefined;
}

function parseRequest(pod: Pod): GpuRequest | null {
  const a = pod.metadata.annotations;
  if (a === undefined) return null;
  const milli = Number(a[GpuMilliName] ?? 0);
  if (!(milli > 0)) return null;
  const count = a[GpuCountName] === undefined ? 1 : Number(a[GpuCountName]);
  if (!(count >= 1)) return null;
  const models = (a[GpuModelName] ?? '').split('|').filter((m) => m !== '');
  return { count, milli: Math.min(milli, GpuMilli), models };
}

/** The annotations that make a pod ask for `count` GPUs of `milli` each, of one of `models` (empty: any). */
export function gpuShareAnnotations(count: number, milli: number, models: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { [GpuMilliName]: String(milli), [GpuCountName]: String(count) };
  if (models.length > 0) out[GpuModelName] = models.join('|');
  return out;
}
