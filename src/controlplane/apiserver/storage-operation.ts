/**
 * What a request does to the object store once etcd has committed it: create, status update,
 * binding, delete and reads, with the upstream status codes and messages.
 */
import { ObjectStore, StoreError, type NewObject } from '../../api/object-store.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { mergePatch } from '../../api/merge-patch.js';
import { withFields } from '../../api/with-fields.js';
import { objectKey, setCondition, type Kind, type KubeObject, type Node, type Pod } from '../../api/objects.js';
import type { PodDisruptionBudget } from '../../api/policy.js';
import { resourceName, type ApiRequest, type ApiResponse } from './request.js';
import { admitDefaultTolerationSeconds } from './admission/default-toleration-seconds.js';
import { admitPriority } from './admission/priority.js';
import { evictPod } from './eviction.js';
import { withGeneratedJobSelector } from './job-selector.js';

/** Mutating admission on create: Priority and DefaultTolerationSeconds for pods (a class that does not exist is a 403). */
function admit(store: ObjectStore, obj: NewObject<Kind>): NewObject<Kind> {
  if (obj.kind !== 'Pod') return obj;
  const admitted = admitPriority(store, obj as NewObject<'Pod'>);
  if ('forbidden' in admitted) throw new StoreError(403, 'Forbidden', admitted.forbidden);
  return admitDefaultTolerationSeconds(admitted.pod);
}

/** The strategies' PrepareForCreate that need the new object's uid: a Job's generated selector. */
function prepareForCreate(obj: NewObject<Kind>, uid: string): NewObject<Kind> {
  return obj.kind === 'Job' ? withGeneratedJobSelector(obj as NewObject<'Job'>, uid) : obj;
}

/** Applies `req` to `store` and returns the response a real apiserver would send. */
export function applyRequest(store: ObjectStore, req: ApiRequest): ApiResponse {
  try {
    return apply(store, req);
  } catch (e) {
    if (e instanceof StoreError) return { code: e.code, message: e.message };
    throw e;
  }
}

function keyOf(req: ApiRequest): string {
  if (req.name === undefined) throw new StoreError(400, 'BadRequest', 'name is required');
  return objectKey(req.namespace === undefined ? { name: req.name } : { name: req.name, namespace: req.namespace });
}

function apply(store: ObjectStore, req: ApiRequest): ApiResponse {
  switch (req.verb) {
    case 'POST':
      if (req.subresource === 'binding') return bind(store, req);
      if (req.subresource === 'eviction') return evictPod(store, keyOf(req), () => deletePod(store, req));
      return { code: 201, object: store.create(withFirstGeneration(admit(store, req.body as NewObject<Kind>)), prepareForCreate) };
    case 'PUT':
    case 'PATCH':
      if (req.subresource === 'status') return updateStatus(store, req);
      if (req.verb === 'PATCH') return mergeMetadata(store, req);
      return { code: 200, object: store.update(withGeneration(store, req.body as KubeObject)) };
    case 'DELETE':
      if (req.kind === 'Pod') return deletePod(store, req);
      return { code: 200, object: store.delete(req.kind, keyOf(req)) };
    case 'GET': {
      const obj = store.get(req.kind, keyOf(req));
      if (obj === undefined) throw new StoreError(404, 'NotFound', `${req.kind.toLowerCase()}s "${keyOf(req)}" not found`);
      return { code: 200, object: obj };
    }
    case 'LIST':
      return { code: 200 };
  }
}

/**
 * DELETE of a pod (pkg/registry/core/pod/strategy.go CheckGracefulDelete): a pod a kubelet has
 * started (status.startTime set) and that is not terminal gets a deletionTimestamp now plus the
 * grace period (the request's, else the pod's terminationGracePeriodSeconds, default 30) and
 * stays until its kubelet deletes it with grace 0; a second graceful DELETE only shortens the
 * period. Unscheduled, terminal, grace-0 and never-started pods (bound to API-only nodes, or still
 * starting — kubesim's kubelet reports a pod once it runs) go at once.
 */
function deletePod(store: ObjectStore, req: ApiRequest): ApiResponse {
  const key = keyOf(req);
  const pod = store.get('Pod', key);
  if (pod === undefined) throw new StoreError(404, 'NotFound', `pods "${key}" not found`);
  const grace = req.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
  if (grace <= 0 || terminal || pod.spec.nodeName === undefined || pod.status.startTime === undefined) {
    return { code: 200, object: store.delete('Pod', key) };
  }
  const m = pod.metadata;
  const at = store.now + grace * 1e6;
  if (m.deletionTimestamp !== undefined && m.deletionTimestamp <= at) return { code: 200, object: pod };
  return { code: 200, object: store.update({ ...pod, metadata: { ...m, deletionTimestamp: at, deletionGracePeriodSeconds: grace } }) };
}

/** POST pods/binding: assigns the node once; a second binding is a 409 as upstream. */
function bind(store: ObjectStore, req: ApiRequest): ApiResponse {
  const key = keyOf(req);
  const pod = store.get('Pod', key);
  if (pod === undefined) throw new StoreError(404, 'NotFound', `pods "${key}" not found`);
  if (pod.spec.nodeName !== undefined) {
    throw new StoreError(409, 'Conflict', `pod ${key} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (req.nodeName === undefined || store.get('Node', req.nodeName) === undefined) {
    throw new StoreError(404, 'NotFound', `nodes "${req.nodeName ?? ''}" not found`);
  }
  const conditions = setCondition(pod.status.conditions, { type: 'PodScheduled', status: 'True', lastTransitionTime: store.now });
  const updated: Pod = { ...pod, spec: withFields(pod.spec, { nodeName: req.nodeName }), status: { ...pod.status, conditions } };
  return { code: 201, object: store.update(updated) };
}

/** Kinds whose metadata.generation the apiserver keeps (apps/v1 and policy/v1 PodDisruptionBudget strategies bump it on spec changes). */
function hasGeneration(kind: Kind): boolean {
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'PodDisruptionBudget' || kind === 'Job' || kind === 'DaemonSet' || kind === 'HorizontalPodAutoscaler';
}

/** A created apps/v1 object starts at generation 1 (pkg/registry/apps/deployment/strategy.go PrepareForCreate). */
function withFirstGeneration(obj: NewObject<Kind>): NewObject<Kind> {
  return hasGeneration(obj.kind) ? ({ ...obj, metadata: { ...obj.metadata, generation: 1 } } as NewObject<Kind>) : obj;
}

/** An update of an apps/v1 object bumps its generation when the spec changed (strategy.go PrepareForUpdate); the stored generation wins otherwise. */
function withGeneration(store: ObjectStore, obj: KubeObject): KubeObject {
  if (!hasGeneration(obj.kind)) return obj;
  const old = store.get(obj.kind, objectKey(obj.metadata));
  if (old === undefined) return obj;
  const generation = (old.metadata.generation ?? 1) + (canonicalJson(old.spec) === canonicalJson(obj.spec) ? 0 : 1);
  return { ...obj, metadata: { ...obj.metadata, generation } } as KubeObject;
}

/**
 * PATCH of an object's labels and annotations, as a JSON merge patch without a resourceVersion
 * precondition applies to whatever version is current (kubectl label/annotate/taint; no 409); a
 * `spec` in the patch is merged into the spec as `kubectl patch --type merge` does (a node's
 * `spec.taints`, an array, is replaced whole).
 */
function mergeMetadata(store: ObjectStore, req: ApiRequest): ApiResponse {
  const key = keyOf(req);
  const current = store.get(req.kind, key);
  if (current === undefined) throw new StoreError(404, 'NotFound', `${resourceName(req.kind)} "${key}" not found`);
  const body = req.body as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
  const patch = body.metadata ?? {};
  const m = current.metadata;
  const metadata = {
    ...m,
    ...(patch.labels === undefined ? {} : { labels: { ...m.labels, ...patch.labels } }),
    ...(patch.annotations === undefined ? {} : { annotations: { ...m.annotations, ...patch.annotations } }),
  };
  const specPatch = (req.body as { spec?: unknown }).spec;
  const patched = specPatch === undefined ? { ...current, metadata } : { ...current, metadata, spec: mergePatch(current.spec, specPatch) };
  return { code: 200, object: store.update(withGeneration(store, patched as KubeObject)) };
}

/**
 * PATCH/PUT of the status subresource (pods, nodes, resourceclaims): replaces the status of the
 * current object (no resourceVersion precondition, as the kubelet's patch). A PodDisruptionBudget's
 * status PUT keeps the precondition (the disruption controller's UpdateStatus; 409 when stale).
 */
function updateStatus(store: ObjectStore, req: ApiRequest): ApiResponse {
  const key = keyOf(req);
  const obj = store.get(req.kind, key);
  if (obj === undefined) throw new StoreError(404, 'NotFound', `${resourceName(req.kind)} "${key}" not found`);
  if (obj.kind === 'PodDisruptionBudget') {
    const body = req.body as PodDisruptionBudget;
    return { code: 200, object: store.update({ ...obj, metadata: { ...obj.metadata, resourceVersion: body.metadata.resourceVersion }, status: body.status }) };
  }
  const status = (req.body as Pod | Node).status;
  return { code: 200, object: store.update({ ...obj, status } as typeof obj) };
}
