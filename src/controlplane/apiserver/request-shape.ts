/**
 * A sender's handle for requests of one shape — the same user, groups, verb, resource,
 * subresource and namespace, sent again and again (a kubelet's Lease renewals and Node status PATCHes).
 * The apiserver memoises per-shape work on it (the replica the user's connection goes to, the
 * request digest, the APF classification) instead of looking it up by user in maps that grow
 * with the cluster: at 5,000 nodes those lookups cost more than the rest of admission.
 */
import type { RequestDigest } from './flowcontrol/request-digest.js';
import type { KubeApiserver } from './kube-apiserver.js';
import type { ApiRequest } from './request.js';

/** Requests of one shape; `fits` guards every memo, so a request that does not match is handled as if it carried none. */
export class RequestShape {
  /** Memo of the load balancer: the replica serving this user. */
  replica: KubeApiserver | undefined = undefined;
  /** Memo of that replica: its digest of this shape. */
  digest: RequestDigest | undefined = undefined;

  constructor(
    readonly user: string,
    readonly verb: ApiRequest['verb'],
    readonly kind: ApiRequest['kind'],
    readonly namespace: string | undefined = undefined,
    readonly subresource: ApiRequest['subresource'] = undefined,
    readonly groups: ApiRequest['groups'] = undefined,
  ) {}

  /** True when `req` has this shape (so the memos hold for it). */
  fits(req: ApiRequest): boolean {
    return req.user === this.user && req.verb === this.verb && req.kind === this.kind && req.namespace === this.namespace && req.subresource === this.subresource && req.groups === this.groups;
  }
}
