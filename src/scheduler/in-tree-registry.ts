/** The in-tree plugins kubesim models, registered under their upstream names. */
import { Registry } from './framework/registry.js';
import { defaultBinderPlugin } from './plugins/default-binder.js';
import { defaultPreemptionPlugin } from './plugins/default-preemption.js';
import { dynamicResourcesPlugin } from './plugins/dynamic-resources.js';
import { imageLocalityPlugin } from './plugins/image-locality.js';
import { interPodAffinityPlugin } from './plugins/inter-pod-affinity.js';
import { nodeAffinityPlugin } from './plugins/node-affinity.js';
import { nodeNamePlugin } from './plugins/node-name.js';
import { nodePortsPlugin } from './plugins/node-ports.js';
import { nodeResourcesBalancedAllocationPlugin } from './plugins/node-resources-balanced-allocation.js';
import { nodeResourcesFitPlugin } from './plugins/node-resources-fit.js';
import { nodeUnschedulablePlugin } from './plugins/node-unschedulable.js';
import { podTopologySpreadPlugin } from './plugins/pod-topology-spread.js';
import { prioritySortPlugin } from './plugins/priority-sort.js';
import { schedulingGatesPlugin } from './plugins/scheduling-gates.js';
import { taintTolerationPlugin } from './plugins/taint-toleration.js';
import { bestFitScorePlugin } from './plugins/best-fit-score.js';
import { dotProductScorePlugin } from './plugins/dot-product-score.js';
import { fgdScorePlugin } from './plugins/fgd-score.js';
import { gpuClusteringScorePlugin } from './plugins/gpu-clustering-score.js';
import { gpuPackingScorePlugin } from './plugins/gpu-packing-score.js';
import { openGpuSharePlugin } from './plugins/open-gpu-share.js';
import { randomScorePlugin } from './plugins/random-score.js';

/** A new registry holding every in-tree plugin (user plugins are added to it). */
export function newInTreeRegistry(): Registry {
  const r = new Registry();
  for (const d of [
    prioritySortPlugin,
    schedulingGatesPlugin,
    nodeUnschedulablePlugin,
    nodeNamePlugin,
    taintTolerationPlugin,
    nodeAffinityPlugin,
    nodePortsPlugin,
    nodeResourcesFitPlugin,
    podTopologySpreadPlugin,
    interPodAffinityPlugin,
    defaultPreemptionPlugin,
    nodeResourcesBalancedAllocationPlugin,
    imageLocalityPlugin,
    defaultBinderPlugin,
    dynamicResourcesPlugin,
    // GPU sharing without DRA and the GPU placement policies of the FGD paper (not enabled by default).
    openGpuSharePlugin,
    randomScorePlugin,
    dotProductScorePlugin,
    gpuClusteringScorePlugin,
    gpuPackingScorePlugin,
    bestFitScorePlugin,
    fgdScorePlugin,
  ]) {
    r.register(d.name, d.factory);
  }
  return r;
}
