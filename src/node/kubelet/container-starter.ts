/**
 * How a pod worker gets containers running (pkg/kubelet/kuberuntime startContainer: pull,
 * create, start). With the image model the node's image manager pulls and containerd's create
 * and start costs apply (image-pull/PodStartup, which also records the pod start SLI); without it
 * the first start of a pod's containers is inside the pod's one `startLatency` draw (the sandbox
 * step) and a restart costs containerd's create and start.
 */
import type { Container, Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { KubeletImageHooks } from '../image-pull/kubelet-image-hooks.js';
import { defaultContainerdConfig } from '../image-pull/image-pull-config.js';

/** A start under way; `cancel` stops it and releases what it holds (images). */
export interface ContainerStart {
  cancel(): void;
}

/** Starts containers of one pod. */
export interface ContainerStarter {
  /**
   * Starts `containers` of `pod` one after another (`first`: the pod's first start); `started`
   * runs when all run, `failed` with a waiting reason (ErrImageNeverPull).
   */
  start(key: string, pod: Pod, containers: readonly Container[], first: boolean, started: () => void, failed: (reason: string) => void): ContainerStart;
}

/** Restart cost without the image model: containerd's create plus start (0.3 s + 0.2 s, image-pull-config defaults). */
export const restartLatency: Micros = defaultContainerdConfig.containerCreateLatency + defaultContainerdConfig.containerStartLatency;

/** Containers start after fixed latencies (no image model). */
export class LatencyStarter implements ContainerStarter {
  constructor(private readonly after: (delay: Micros, fn: () => void) => void) {}

  start(_key: string, _pod: Pod, _containers: readonly Container[], first: boolean, started: () => void): ContainerStart {
    let cancelled = false;
    const run = (): void => {
      if (!cancelled) started();
    };
    if (first) run();
    else this.after(restartLatency, run);
    return { cancel: () => (cancelled = true) };
  }
}

/** Containers start through the node's image manager. */
export class ImageStarter implements ContainerStarter {
  private seq = 0;

  constructor(private readonly hooks: KubeletImageHooks) {}

  start(key: string, pod: Pod, containers: readonly Container[], first: boolean, started: () => void, failed: (reason: string) => void): ContainerStart {
    // The pod's first start of its app containers is the one the start SLI follows (keyed by pod).
    const startKey = first && containers === pod.spec.containers ? key : `${key}#${++this.seq}`;
    const subset: Pod = { ...pod, spec: { ...pod.spec, containers } };
    this.hooks.start(startKey, subset, started, failed);
    return { cancel: () => this.hooks.deleted(startKey) };
  }
}
