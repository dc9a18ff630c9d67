/**
 * The Job strategy's generated selector (pkg/registry/batch/job/strategy.go generateSelector):
 * unless `manualSelector`, the pod template is labelled with the Job's uid and name (the
 * `batch.kubernetes.io/` labels and their legacy `controller-uid` and `job-name` forms) and the
 * selector becomes `batch.kubernetes.io/controller-uid: <uid>`.
 */
import { jobControllerUidLabel, jobNameLabel } from '../../api/batch.js';
import type { NewObject } from '../../api/object-store.js';

/** `job` with its generated selector and template labels (unchanged with manualSelector). */
export function withGeneratedJobSelector(job: NewObject<'Job'>, uid: string): NewObject<'Job'> {
  if (job.spec.manualSelector) return job;
  const name = job.metadata.name;
  const t = job.spec.template;
  const labels = { ...t.metadata.labels, [jobControllerUidLabel]: uid, [jobNameLabel]: name, 'controller-uid': uid, 'job-name': name };
  return {
    ...job,
    spec: { ...job.spec, selector: { matchLabels: { [jobControllerUidLabel]: uid } }, template: { ...t, metadata: { ...t.metadata, labels } } },
  };
}
