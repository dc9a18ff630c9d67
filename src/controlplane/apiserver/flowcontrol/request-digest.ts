/** What API Priority and Fairness needs to know about a request to classify and admit it. */
import type { Micros } from '../../../engine/simulation.js';

/** The attributes FlowSchema rules match on (upstream `RequestDigest`: request info plus user info). */
export interface RequestDigest {
  /** Kubernetes verb in lower case: get, list, watch, create, update, patch, delete. */
  readonly verb: string;
  /** API group: '' for the core group, `coordination.k8s.io` for leases. */
  readonly apiGroup: string;
  /** Plural resource name, e.g. `pods`, `leases`. */
  readonly resource: string;
  readonly subresource?: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly userName: string;
  readonly groups: readonly string[];
  /**
   * Where the FlowControl admitting requests of this digest may memoise its classification
   * (callers keep one digest per request shape and replica, so one FlowControl sees it; the memo
   * names its owner, so a digest shown to another FlowControl is classified afresh).
   */
  flowControlMemo?: { readonly owner: FlowControl };
}

/** Upstream `WorkEstimate`: seats held while executing, and seats held for `additionalLatency` after. */
export interface WorkEstimate {
  readonly initialSeats: number;
  readonly finalSeats: number;
  readonly additionalLatency: Micros;
}

/** Why a request was rejected with 429 (the `reason` label of `apiserver_flowcontrol_rejected_requests_total`). */
export type RejectReason = 'queue-full' | 'time-out' | 'concurrency-limit' | 'cancelled';

/** Admission of requests into one apiserver's execution seats. */
export interface FlowControl {
  /**
   * Classifies `digest`, queues it and calls `dispatch` when it may execute; the caller must call
   * the `finish` it receives when execution ends. Calls `reject` instead when the request gets 429.
   */
  admit(digest: RequestDigest, work: WorkEstimate, dispatch: (finish: () => void) => void, reject: (reason: RejectReason) => void): void;
}
