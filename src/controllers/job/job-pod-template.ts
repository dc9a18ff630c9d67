/**
 * The pods a Job controller creates and the ones it removes first (pkg/controller/job/
 * job_controller.go, indexed_job_utils.go): pods from the template owned by the Job, named
 * `<job>-<random5>`, or `<job>-<index>-<random5>` with the completion index as annotation and
 * label for an Indexed Job; surplus active pods go unscheduled first, then pending, not ready,
 * and the newest (controller.ActivePods ordering).
 */
import { jobCompletionIndexKey, type Job } from '../../api/batch.js';
import type { Pod } from '../../api/objects.js';
import type { RandomStream } from '../../engine/rng.js';
import { generatedSuffix } from '../controller-context.js';
import { isPodReady } from '../pod-readiness.js';
import { completionIndex } from './job-pods.js';

/** A new pod of `job` (completion `index` for an Indexed Job). */
export function podForJob(job: Job, index: number | undefined, random: RandomStream): Pod {
  const t = job.spec.template;
  const ix = index === undefined ? undefined : String(index);
  const labels = ix === undefined ? t.metadata.labels : { ...t.metadata.labels, [jobCompletionIndexKey]: ix };
  const annotations = ix === undefined ? t.metadata.annotations : { ...t.metadata.annotations, [jobCompletionIndexKey]: ix };
  const prefix = ix === undefined ? job.metadata.name : `${job.metadata.name}-${ix}`;
  return {
    kind: 'Pod',
    metadata: {
      name: `${prefix}-${generatedSuffix(random)}`,
      namespace: job.metadata.namespace ?? 'default',
      ...(labels === undefined ? {} : { labels }),
      ...(annotations === undefined ? {} : { annotations }),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true }],
    },
    spec: t.spec,
    status: { phase: 'Pending', conditions: [] },
  } as unknown as Pod;
}

/** Rank for removal: lower goes first (unscheduled, pending, not ready, then the newest). */
function removalRank(a: Pod, b: Pod): number {
  const key = (p: Pod): number[] => [p.spec.nodeName === undefined ? 0 : 1, p.status.phase === 'Pending' ? 0 : 1, isPodReady(p) ? 1 : 0];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
  return b.metadata.creationTimestamp - a.metadata.creationTimestamp;
}

/**
 * Active pods to remove so at most `wantActive` stay: for an Indexed Job first those of an
 * index that is invalid, completed or held by another active pod (appendDuplicatedIndexPodsForRemoval).
 */
export function podsToRemove(job: Job, active: readonly Pod[], wantActive: number, completed: ReadonlySet<number>): Pod[] {
  const out: Pod[] = [];
  let keep = [...active];
  if (job.spec.completionMode === 'Indexed') {
    const held = new Set<number>();
    keep = [];
    for (const p of [...active].sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp)) {
      const ix = completionIndex(p, job.spec.completions);
      if (ix === undefined || completed.has(ix) || held.has(ix)) out.push(p);
      else {
        held.add(ix);
        keep.push(p);
      }
    }
  }
  const surplus = keep.length - wantActive;
  if (surplus > 0) out.push(...keep.sort(removalRank).slice(0, surplus));
  return out;
}
