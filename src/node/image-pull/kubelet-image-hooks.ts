/**
 * How a kubelet uses the image model: starts each admitted pod's containers through its node's
 * image manager, stops them when the pod is deleted, and records the pod start SLI when it sees
 * the pod running on its watch (pkg/kubelet/util/pod_startup_latency_tracker.go: creation to
 * observed running, minus the span from the first pull's start to the last pull's end). kubesim
 * reports a pod Running once its workload has read its startup files (for lazily pulled images,
 * the on-demand part of the pull); the SLI, like the kubelet's, counts only to the containers'
 * start, so it leaves those reads out too.
 */
import type { ContainerImage, Pod } from '../../api/objects.js';
import type { ImagePullRuntime } from './image-pull-runtime.js';
import type { NodeImageResources } from './image-pull-config.js';
import { NodeImageManager } from './node-image-manager.js';
import { PodStartup } from './pod-startup.js';

/** The image side of one kubelet. */
export class KubeletImageHooks {
  readonly manager: NodeImageManager;
  private readonly startups = new Map<string, PodStartup>();
  private readonly observed = new Set<string>();

  constructor(private readonly rt: ImagePullRuntime, nodeName: string, resources: NodeImageResources, initial: readonly ContainerImage[]) {
    this.manager = new NodeImageManager(rt, nodeName, resources);
    for (const img of initial) {
      for (const name of img.names) {
        const spec = rt.spec.catalog.image(name);
        if (spec === undefined) continue;
        for (const l of spec.layers) if (!this.manager.isLazy(spec)) this.manager.store.addLayer(l);
        this.manager.store.addImage(spec, rt.sim.now, this.manager.isLazy(spec));
      }
    }
  }

  /** Starts `pod`; `running` when its containers run, `failed` with a waiting reason (ErrImageNeverPull). */
  start(key: string, pod: Pod, running: () => void, failed: (reason: string) => void): void {
    const policies = pod.spec.containers.map((c) => c.imagePullPolicy);
    this.startups.set(key, new PodStartup(this.manager, key, pod, policies, running, failed));
  }

  /** The pod was deleted: its containers stop and release their images. */
  deleted(key: string): void {
    this.startups.get(key)?.cancel();
    this.startups.delete(key);
    this.observed.delete(key);
  }

  /** The kubelet's watch shows `pod` running: records the start durations once. */
  observedRunning(key: string, pod: Pod): void {
    if (this.observed.has(key)) return;
    const s = this.startups.get(key);
    if (s === undefined) return;
    this.observed.add(key);
    const e2e = (this.rt.sim.now - pod.metadata.creationTimestamp) / 1e6;
    const pulling = s.firstPull === undefined || s.lastPull === undefined ? 0 : (s.lastPull - s.firstPull) / 1e6;
    this.rt.metrics.podStart.observe(e2e);
    this.rt.metrics.podStartSli.observe(e2e - pulling - s.readyAfterStart / 1e6);
  }
}
