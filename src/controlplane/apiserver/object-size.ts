/**
 * Typical encoded sizes of stored objects, which set etcd value sizes, the database growth per
 * revision and the cost of LIST responses. Estimates, exposed as the `objectSizes` parameter of
 * `cluster.apiserver`: a small Pod with managedFields is 2–4 KiB in protobuf, a Node with 50
 * images in `status.images` about 10–15 KiB, a node Lease under 0.5 KiB; DRA objects: a DeviceClass
 * with one CEL selector under 1 KiB, a ResourceSlice of 8 GPUs with attributes and capacities
 * about 4 KiB, a ResourceClaim with its allocation and reservedFor about 1.5 KiB; a ReplicaSet, Deployment or StatefulSet with a small pod template and its status about 2–2.5 KiB (a DaemonSet the same); a PodDisruptionBudget with a few disruptedPods about 0.6 KiB, a PriorityClass about 0.3 KiB; an
 * autoscaling/v2 HorizontalPodAutoscaler with one metric, its status and conditions about 1.5 KiB.
 */
import type { Kind } from '../../api/objects.js';

/** Bytes per stored object by kind. */
export type ObjectSizes = Readonly<Record<Kind, number>>;

/** Default sizes (bytes) by kind; see the module comment for where they come from. */
export const defaultObjectSizes: ObjectSizes = {
  Pod: 3_072,
  Node: 12_288,
  Lease: 400,
  DeviceClass: 700,
  ResourceSlice: 4_096,
  ResourceClaim: 1_536,
  ResourceClaimTemplate: 900,
  ReplicaSet: 2_048,
  Deployment: 2_560,
  StatefulSet: 2_560,
  PodDisruptionBudget: 600,
  PriorityClass: 300,
  /** A Job with a small pod template and its status, as a Deployment. */
  Job: 2_560,
  DaemonSet: 2_560,
  HorizontalPodAutoscaler: 1_536,
};
