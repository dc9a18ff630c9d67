/**
 * Typical encoded sizes of stored objects, which set etcd value sizes, the database growth per
 * revision and the cost of LIST responses. Estimates, exposed as the `objectSizes` parameter of
 * `cluster.apiserver`: a small Pod with managedFields is 2–4 KiB in protobuf, a Node with 50
 * images in `status.images` about 10–15 KiB, a node Lease under 0.5 KiB.
 */
import type { Kind } from '../../api/objects.js';

/** Bytes per stored object by kind. */
export type ObjectSizes = Readonly<Record<Kind, number>>;

/** Default sizes (bytes) by kind; see the module comment for where they come from. */
export const defaultObjectSizes: ObjectSizes = { Pod: 3_072, Node: 12_288, Lease: 400 };
