/**
 * A pod's containers starting on a node, one after another as the kubelet's SyncPod starts them:
 * make sure the image is there (pull), create the container (after the unpack, for pulled
 * layers), start it; its workload then reads its startup files (run) while the next container
 * starts. The pod is running once all have started and read them. The seconds of each phase
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
  /** Time from the last container's start to the workloads' startup reads being done (µs). */
  readyAfterStart: Micros = 0;
  /** When every container had started (µs). */
  private allStarted: Micros | undefined;
  /** Containers whose workload is still reading its startup files. */
  private reading = 0;
  private reported = false;
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
      this.allStarted = rt.sim.now;
      return this.maybeRunning();
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
        rt.after(containerd.containerStartLatency, () => {
          if (this.cancelled) return;
          // The container runs; its workload reads its startup files while the next container starts.
          this.reading++;
          const read = (): void => {
            if (this.cancelled) return;
            m.phase(r.mode, 'run').observe((rt.sim.now - runFrom) / 1e6);
            this.reading--;
            this.maybeRunning();
          };
          if (r.lazy) startupReads(this.manager, spec, read);
          else read();
          this.container(i + 1);
        });
      });
    });
  }

  /** Reports the pod running once every container started and every workload read its startup files. */
  private maybeRunning(): void {
    if (this.allStarted === undefined || this.reading > 0 || this.reported) return;
    this.reported = true;
    this.readyAfterStart = this.manager.rt.sim.now - this.allStarted;
    this.manager.rt.metrics.podStartupBytes(this.lastMode).observe(this.manager.receivedBytes - this.bytesAtStart);
    this.running();
  }
}
