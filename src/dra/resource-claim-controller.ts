/**
 * kube-controller-manager's resourceclaim controller (pkg/controller/resourceclaim): for each pod
 * entry naming a ResourceClaimTemplate it creates a claim owned by the pod (named
 * `<pod>-<entry>`; upstream adds a random suffix) and records it in the pod's
 * `status.resourceClaimStatuses`; when a pod is deleted or has finished, it takes the pod out of
 * each claim's `reservedFor`, deallocates a claim nobody reserves any more and deletes the claims
 * generated for the pod. All of it through the API.
 */
import { objectKey, type Pod } from '../api/objects.js';
import type { ObjectStore, Watch } from '../api/object-store.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { PodResourceClaimStatus, ResourceClaim, ResourceClaimTemplate } from './resource-api.js';

/** The user the controller's requests run as. */
export const resourceClaimControllerUser = 'system:serviceaccount:kube-system:resource-claim-controller';
/** Annotation upstream puts on generated claims: the pod's claim entry. */
export const podClaimNameAnnotation = 'resource.kubernetes.io/pod-claim-name';

/** Creates template claims for pods and cleans claims up after them. */
export class ResourceClaimController {
  private readonly templates = new Map<string, ResourceClaimTemplate>();
  private readonly claims = new Map<string, ResourceClaim>();
  private readonly pods = new Map<string, Pod>();
  /** Pods whose claims are being created (one round of requests at a time). */
  private readonly creating = new Set<string>();
  /** Pods already cleaned up after. */
  private readonly released = new Set<string>();
  private readonly watches: Watch[];

  constructor(store: ObjectStore, private readonly client: RestClient) {
    this.watches = [
      store.watch('ResourceClaimTemplate', (e) => {
        const key = objectKey(e.object.metadata);
        if (e.type === 'DELETED') this.templates.delete(key);
        else this.templates.set(key, e.object);
        // A template that appears unblocks pods waiting for it.
        if (e.type === 'ADDED') for (const pod of this.pods.values()) this.sync(pod);
      }, { list: true }),
      store.watch('ResourceClaim', (e) => {
        const key = objectKey(e.object.metadata);
        if (e.type === 'DELETED') this.claims.delete(key);
        else this.claims.set(key, e.object);
      }, { list: true }),
      store.watch('Pod', (e) => {
        const key = objectKey(e.object.metadata);
        if (e.type === 'DELETED') {
          this.pods.delete(key);
          this.release(e.object);
          return;
        }
        if ((e.object.spec.resourceClaims?.length ?? 0) === 0) return;
        this.pods.set(key, e.object);
        if (e.object.status.phase === 'Succeeded' || e.object.status.phase === 'Failed') this.release(e.object);
        else this.sync(e.object);
      }, { list: true }),
    ];
  }

  /** Stops the watches. */
  stop(): void {
    for (const w of this.watches) w.stop();
  }

  /** Creates the missing template claims of `pod`, then records them in its status. */
  private sync(pod: Pod): void {
    const key = objectKey(pod.metadata);
    if (this.creating.has(key) || pod.spec.nodeName !== undefined) return;
    const namespace = pod.metadata.namespace ?? 'default';
    const known = pod.status.resourceClaimStatuses ?? [];
    const missing = (pod.spec.resourceClaims ?? []).filter((pc) => pc.resourceClaimTemplateName !== undefined && !known.some((s) => s.name === pc.name));
    if (missing.length === 0) return;
    const statuses: PodResourceClaimStatus[] = [...known];
    const creates: { name: string; template: ResourceClaimTemplate; entry: string }[] = [];
    for (const pc of missing) {
      const template = this.templates.get(objectKey({ name: pc.resourceClaimTemplateName as string, namespace }));
      if (template === undefined) continue;
      const name = `${pod.metadata.name}-${pc.name}`;
      statuses.push({ name: pc.name, resourceClaimName: name });
      creates.push({ name, template, entry: pc.name });
    }
    if (creates.length === 0) return;
    this.creating.add(key);
    let left = creates.length;
    let failed = false;
    for (const c of creates) {
      const body = {
        kind: 'ResourceClaim' as const,
        metadata: {
          name: c.name,
          namespace,
          annotations: { ...c.template.spec.metadata?.annotations, [podClaimNameAnnotation]: c.entry },
          ...(c.template.spec.metadata?.labels === undefined ? {} : { labels: c.template.spec.metadata.labels }),
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid, controller: true }],
        },
        spec: c.template.spec.spec,
        status: {},
      };
      this.client.send({ verb: 'POST', kind: 'ResourceClaim', namespace, name: c.name, body, user: resourceClaimControllerUser }, (r) => {
        // 409: created by an earlier round whose status update has not arrived yet.
        if (r.code >= 300 && r.code !== 409) failed = true;
        if (--left > 0) return;
        if (failed) {
          this.creating.delete(key);
          return;
        }
        const current = this.pods.get(key) ?? pod;
        const status = { ...current.status, resourceClaimStatuses: statuses };
        this.client.send({ verb: 'PATCH', kind: 'Pod', subresource: 'status', namespace, name: pod.metadata.name, body: { status }, user: resourceClaimControllerUser }, () => {
          this.creating.delete(key);
        });
      });
    }
  }

  /** The pod no longer uses its claims: unreserve, deallocate when unused, delete the ones generated for it. */
  private release(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (this.released.has(uid)) return;
    this.released.add(uid);
    const namespace = pod.metadata.namespace ?? 'default';
    for (const pc of pod.spec.resourceClaims ?? []) {
      const name = pc.resourceClaimName ?? pod.status.resourceClaimStatuses?.find((s) => s.name === pc.name)?.resourceClaimName;
      if (name === undefined) continue;
      const claim = this.claims.get(objectKey({ name, namespace }));
      if (claim === undefined) continue;
      const owned = (claim.metadata.ownerReferences ?? []).some((o) => o.uid === uid);
      if (owned) {
        this.client.send({ verb: 'DELETE', kind: 'ResourceClaim', namespace, name, user: resourceClaimControllerUser }, () => undefined);
        continue;
      }
      const reservedFor = (claim.status.reservedFor ?? []).filter((r) => r.uid !== uid);
      const status = reservedFor.length > 0 ? { ...claim.status, reservedFor } : {};
      this.client.send({ verb: 'PUT', kind: 'ResourceClaim', subresource: 'status', namespace, name, body: { ...claim, status }, user: resourceClaimControllerUser }, () => undefined);
    }
  }
}
