/**
 * kube-controller-manager's TTL-after-finished controller
 * (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go): a finished Job with
 * `ttlSecondsAfterFinished` is deleted through the API that many seconds after it finished (its
 * Complete or Failed condition); the garbage collector then deletes its pods.
 */
import { jobCondition, type Job } from '../../api/batch.js';
import { objectKey } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { ControllerContext } from '../controller-context.js';
import type { Informer } from '../informer.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';

/** The user of its requests. */
export const ttlAfterFinishedControllerUser = 'system:serviceaccount:kube-system:ttl-after-finished-controller';

/** When a finished Job with a TTL expires (µs), or undefined when it has no TTL or has not finished. */
export function jobExpiresAt(job: Job): Micros | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  const finished = jobCondition(job, 'Complete') ?? jobCondition(job, 'Failed');
  if (ttl === undefined || finished === undefined) return undefined;
  return finished.lastTransitionTime + ttl * 1e6;
}

/** Deletes finished Jobs once their TTL has passed. */
export class TtlAfterFinishedController {
  readonly queue: WorkQueue;
  private readonly jobs: Informer<'Job'>;

  constructor(private readonly ctx: ControllerContext, workers: number) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.jobs = ctx.informers.informerFor('Job');
    const enqueue = (job: Job): void => {
      if (jobExpiresAt(job) !== undefined) this.queue.add(objectKey(job.metadata));
    };
    this.jobs.addEventHandler({ onAdd: enqueue, onUpdate: (_old, job) => enqueue(job) });
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const job = this.jobs.get(key);
    const at = job === undefined ? undefined : jobExpiresAt(job);
    if (job === undefined || at === undefined) {
      done('ok');
      return;
    }
    const now = this.ctx.sim.now;
    if (at > now) {
      this.queue.addAfter(key, at - now);
      done('ok');
      return;
    }
    const namespace = job.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'DELETE', kind: 'Job', namespace, name: job.metadata.name, user: this.ctx.user }, (r) => done(r.code < 300 || r.code === 404 ? 'ok' : 'error'));
  }
}
