/**
 * The non-APF admission filter (`--enable-priority-and-fairness=false`): two counters,
 * `--max-requests-inflight` for read-only verbs and `--max-mutating-requests-inflight` for
 * mutating ones; a request over its limit gets 429 at once, except for `system:masters`, which is
 * always served (kube-apiserver staging/src/k8s.io/apiserver/pkg/server/filters/maxinflight.go,
 * WithMaxInFlightLimit). A limit of 0 means unlimited, as the flag documents.
 */
import type { MetricsSink } from '../../metrics/sink.js';
import type { FlowControl, RejectReason, RequestDigest, WorkEstimate } from './flowcontrol/request-digest.js';

const readOnlyVerbs = new Set(['get', 'list', 'watch']);

/** Max-in-flight admission of one apiserver replica. */
export class MaxInflightLimit implements FlowControl {
  private readOnly = 0;
  private mutating = 0;
  private readonly dropped: { readOnly: { inc(): void }; mutating: { inc(): void } };

  constructor(
    private readonly maxRequestsInflight: number,
    private readonly maxMutatingRequestsInflight: number,
    metrics: MetricsSink,
    labels: Readonly<Record<string, string>> = {},
  ) {
    this.dropped = {
      readOnly: metrics.counter('apiserver_dropped_requests_total', { ...labels, request_kind: 'readOnly' }, true),
      mutating: metrics.counter('apiserver_dropped_requests_total', { ...labels, request_kind: 'mutating' }, true),
    };
  }

  /** Dispatches at once when under the verb's limit (or for system:masters), else rejects with 'concurrency-limit'. */
  admit(digest: RequestDigest, _work: WorkEstimate, dispatch: (finish: () => void) => void, reject: (reason: RejectReason) => void): void {
    const isMutating = !readOnlyVerbs.has(digest.verb);
    const limit = isMutating ? this.maxMutatingRequestsInflight : this.maxRequestsInflight;
    const current = isMutating ? this.mutating : this.readOnly;
    if (limit > 0 && current >= limit && !digest.groups.includes('system:masters')) {
      (isMutating ? this.dropped.mutating : this.dropped.readOnly).inc();
      reject('concurrency-limit');
      return;
    }
    if (isMutating) this.mutating++;
    else this.readOnly++;
    dispatch(() => {
      if (isMutating) this.mutating--;
      else this.readOnly--;
    });
  }
}
