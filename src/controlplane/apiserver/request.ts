/** The shape of a request to the kube-apiserver and of its response. */
import type { Kind, KubeObject } from '../../api/objects.js';
import type { RequestShape } from './request-shape.js';

/** HTTP verbs as apiserver metrics label them (LIST and WATCH are GETs of collections). */
export type Verb = 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET' | 'LIST';

/** One API request: what a client asks for, with the user it runs as (for APF and metrics). */
export interface ApiRequest {
  readonly verb: Verb;
  readonly kind: Kind;
  /** `status`, `binding` or `eviction` (a POST of a policy/v1 Eviction for the pod `name`) for subresource calls. */
  readonly subresource?: 'status' | 'binding' | 'eviction';
  readonly namespace?: string;
  readonly name?: string;
  /** Object for POST/PUT/PATCH; for `binding`, a target node name in `nodeName`. */
  readonly body?: unknown;
  readonly nodeName?: string;
  /** DeleteOptions.gracePeriodSeconds of a DELETE (unset: the pod's terminationGracePeriodSeconds). */
  readonly gracePeriodSeconds?: number;
  readonly user: string;
  /** Groups of the user beyond those implied by its name (`system:masters`, a team's group). */
  readonly groups?: readonly string[];
  /** The sender's handle for requests of this shape, where the apiserver memoises its routing (request-shape.ts); optional. */
  readonly shape?: RequestShape;
}

/** The apiserver's answer: an HTTP status code and the resulting object, or a message. */
export interface ApiResponse {
  readonly code: number;
  readonly object?: KubeObject;
  readonly message?: string;
  /** Retry-After the answer carries (seconds); 0 when it carries none, so a client gives it back instead of retrying (unset: 1 s for a 429). */
  readonly retryAfterSeconds?: number;
}

/** Receives requests and answers each exactly once through `respond`. */
export interface ApiServerEndpoint {
  handle(request: ApiRequest, respond: (response: ApiResponse) => void): void;
}

/** True for requests that change state (they go through etcd). */
export function isMutating(verb: Verb): boolean {
  return verb === 'POST' || verb === 'PUT' || verb === 'PATCH' || verb === 'DELETE';
}

/** The plural resource name used in metric labels (`pods`, `nodes`, `leases`). */
export function resourceName(kind: Kind): string {
  return kind === 'DeviceClass' || kind === 'PriorityClass' ? `${kind.toLowerCase()}es` : `${kind.toLowerCase()}s`;
}

/** The API group of a kind: '' (core) for pods and nodes, `coordination.k8s.io` for leases, `apps` for ReplicaSets, Deployments and StatefulSets, `policy`, `scheduling.k8s.io`, `resource.k8s.io` for DRA kinds. */
export function apiGroupOf(kind: Kind): string {
  if (kind === 'PodDisruptionBudget') return 'policy';
  if (kind === 'PriorityClass') return 'scheduling.k8s.io';
  if (kind === 'Lease') return 'coordination.k8s.io';
  if (kind === 'Pod' || kind === 'Node') return '';
  if (kind === 'ReplicaSet' || kind === 'Deployment' || kind === 'StatefulSet') return 'apps';
  if (kind === 'Job') return 'batch';
  if (kind === 'DaemonSet') return 'apps';
  if (kind === 'HorizontalPodAutoscaler') return 'autoscaling';
  return 'resource.k8s.io';
}
