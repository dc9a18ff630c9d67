/**
 * A pod's containers starting on a node, one after another as the kubelet's SyncPod starts them:
 * make sure the image is there (pull), create the container (after the unpack, for pulled
 * layers), start it and let the workload read its startup files (run). The seconds of each phase
 * go to `kubesim_container_startup_phase_seconds`; the first pull start and last pull end give the
 * kubelet's pod start SLI, which excludes pulls.
 */
import type { Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { ImageMode } from './image-catalog.js';
import { startupReads } from './lazy-pull.js';
import { defaultPullPolicy, type NodeImageManager, type PullPolicy } from './node-image-manager.js';

/** One pod's start on its node. */
export class PodStartup {
  /** First PullImage start and last end (µs), when the pod pulled. */
  firstPull: Micros | undefined;
  lastPull: Micros | undefined;
  /** Time spent on the workload's startup reads after its containers started (µs). */
  reading: Micros = 0;
  /** Images the pod's started containers use. */
  readonly images: string[] = [];
  private cancelled = false;
  private readonly bytesAtStart: number;
  /** The mode of the last container's image (labels the pod's startup bytes). */
  private lastMode: ImageMode = 'legacy';

  constructor(
    private readonly manager: NodeImageManager,
    private readonly key: string,
    private readonly pod: Pod,
    private readonly policies: readonly (PullPolicy | undefined)[],
    private readonly running: () => void,
    private readonly failed: (reason: string) => void,
  ) {
    this.bytesAtStart = manager.receivedBytes;
    this.container(0);
  }

  /** The pod was deleted: stop, and release the images its containers held. */
  cancel(): void {
    this.cancelled = true;
    for (const name of this.images) this.manager.release(name);
    this.images.length = 0;
  }

  private container(i: number): void {
    if (this.cancelled) return;
    const rt = this.manager.rt;
    const c = this.pod.spec.containers[i];
    if (c === undefined) {
      rt.metrics.podStartupBytes(this.lastMode).observe(this.manager.receivedBytes - this.bytesAtStart);
      return this.running();
    }
    const spec = rt.spec.catalog.image(c.image);
    if (spec === undefined) return this.container(i + 1); // compile-time checked; an undeclared image does not pull
    const policy = this.policies[i] ?? defaultPullPolicy(c.image);
    const begin = rt.sim.now;
    this.manager.ensureImage(this.key, spec, policy, (r) => {
      if (this.cancelled) return;
      if (!r.ok) return this.failed(r.reason);
      const m = rt.metrics;
      const pulled = rt.sim.now;
      if (r.pull !== undefined) {
        this.firstPull ??= r.pull.start;
        this.lastPull = r.pull.done;
      }
      m.phase(r.mode, 'pull').observe(((r.pull?.fetched ?? pulled) - begin) / 1e6);
      m.phase(r.mode, 'unpack').observe((pulled - (r.pull?.fetched ?? pulled)) / 1e6);
      this.manager.acquire(spec.name);
      this.images.push(spec.name);
      this.lastMode = r.mode;
      const containerd = rt.spec.containerd;
      const create = r.lazy ? containerd.stargz.containerCreateLatency : containerd.containerCreateLatency;
      rt.after(create, () => {
        if (this.cancelled) return;
        m.phase(r.mode, 'create').observe(create / 1e6);
        const runFrom = rt.sim.now;
        const ran = (): void => {
          if (this.cancelled) return;
          m.phase(r.mode, 'run').observe((rt.sim.now - runFrom) / 1e6);
          this.reading += rt.sim.now - runFrom - containerd.containerStartLatency;
          this.container(i + 1);
        };
        rt.after(containerd.containerStartLatency, () => (r.lazy ? startupReads(this.manager, spec, ran) : ran()));
      });
    });
  }

}
