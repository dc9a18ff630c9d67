/**
 * The object store behind the apiserver: current objects per kind with a cluster-wide
 * resourceVersion, and watches that deliver each change after a modelled delay, in order per
 * watcher (a later change is never delivered before an earlier one, as with a real watch stream).
 */
import { withFields } from './with-fields.js';
import type { Handler, Micros, Simulation } from '../engine/simulation.js';
import { objectKey, type Kind, type KubeObject, type ObjectOfKind } from './objects.js';

/** Watch event types, as in the Kubernetes watch API. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change delivered to a watcher. */
export interface WatchEvent<K extends Kind> {
  readonly type: WatchEventType;
  readonly object: ObjectOfKind<K>;
}

/** Error from a store operation, carrying the HTTP status code the apiserver would return. */
export class StoreError extends Error {
  /** @param code HTTP status (404 NotFound, 409 AlreadyExists/Conflict). */
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

/** Options of a watch: an optional field selector on `spec.nodeName` (pods only). */
export interface WatchOptions {
  readonly nodeName?: string;
  /** Deliver the objects that already exist as ADDED, synchronously, before any change (an informer's initial LIST). */
  readonly list?: boolean;
}

/** A running watch; `stop()` ends deliveries (already scheduled ones are dropped). */
export interface Watch {
  stop(): void;
}

interface Watcher {
  readonly kind: Kind;
  readonly onEvent: (event: WatchEvent<Kind>) => void;
  lastDelivery: Micros;
  stopped: boolean;
}

interface Delivery {
  readonly watcher: Watcher;
  readonly event: WatchEvent<Kind>;
}

/** Fields the store assigns on create. */
export type NewObject<K extends Kind> = Omit<ObjectOfKind<K>, 'metadata'> & {
  readonly metadata: Omit<ObjectOfKind<K>['metadata'], 'uid' | 'resourceVersion' | 'creationTimestamp'>;
};

/** Current objects by kind and key, with resourceVersion and delayed, ordered watches. */
export class ObjectStore {
  private readonly objects = new Map<Kind, Map<string, KubeObject>>();
  private readonly watchers = new Map<Kind, Watcher[]>();
  private readonly byNodeName = new Map<string, Watcher[]>();
  private readonly deliver: Handler<Delivery>;
  private revision = 0;
  private uidCounter = 0;

  /** @param watchDelay draws the delay (µs, integer >= 0) between a change and its delivery to one watcher. */
  constructor(private readonly sim: Simulation, private readonly watchDelay: () => Micros) {
    this.deliver = sim.register<Delivery>((d) => {
      if (!d.watcher.stopped) d.watcher.onEvent(d.event);
    });
  }

  /** Current virtual time (for timestamps written by API operations). */
  get now(): Micros {
    return this.sim.now;
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.revision;
  }

  /** The object of `kind` at `key`, if any. */
  get<K extends Kind>(kind: K, key: string): ObjectOfKind<K> | undefined {
    return this.objects.get(kind)?.get(key) as ObjectOfKind<K> | undefined;
  }

  /** All objects of `kind` in creation order. */
  list<K extends Kind>(kind: K): ObjectOfKind<K>[] {
    const m = this.objects.get(kind);
    return m === undefined ? [] : ([...m.values()] as ObjectOfKind<K>[]);
  }

  /** Number of stored objects of `kind`. */
  count(kind: Kind): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  /** Watchers of every object of `kind` (field-selected watches not counted): the apiserver's fan-out for one change. */
  watcherCount(kind: Kind): number {
    return this.watchers.get(kind)?.length ?? 0;
  }

  /**
   * Stores a new object (uid, resourceVersion, creationTimestamp assigned); 409 if the key exists.
   * `prepare` may rewrite the object once its uid is known (a strategy's PrepareForCreate, e.g. a Job's generated selector).
   */
  create<K extends Kind>(input: NewObject<K>, prepare?: (obj: NewObject<K>, uid: string) => NewObject<K>): ObjectOfKind<K> {
    const kind = input.kind as K;
    const key = objectKey(input.metadata as { readonly name: string; readonly namespace?: string });
    const m = this.kindMap(kind);
    if (m.has(key)) throw new StoreError(409, 'AlreadyExists', `${kind.toLowerCase()}s "${key}" already exists`);
    const uid = `uid-${++this.uidCounter}`;
    const obj = prepare === undefined ? input : prepare(input, uid);
    const stored = { ...obj, metadata: withFields(obj.metadata, { uid, resourceVersion: ++this.revision, creationTimestamp: this.sim.now }) } as unknown as ObjectOfKind<K>;
    m.set(key, stored);
    this.notify('ADDED', stored, undefined);
    return stored;
  }

  /**
   * Replaces an object. When `obj.metadata.resourceVersion` is not the stored one the update
   * fails with 409 Conflict (optimistic concurrency); 404 if it does not exist.
   */
  update<K extends Kind>(obj: ObjectOfKind<K>): ObjectOfKind<K> {
    const kind = obj.kind as K;
    const key = objectKey(obj.metadata);
    const m = this.kindMap(kind);
    const old = m.get(key) as ObjectOfKind<K> | undefined;
    if (old === undefined) throw new StoreError(404, 'NotFound', `${kind.toLowerCase()}s "${key}" not found`);
    if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      throw new StoreError(409, 'Conflict', `the object ${kind.toLowerCase()}s "${key}" has been modified; please apply your changes to the latest version and try again`);
    }
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: ++this.revision } } as ObjectOfKind<K>;
    m.set(key, stored);
    this.notify('MODIFIED', stored, old);
    return stored;
  }

  /** Removes an object; 404 if it does not exist. Returns the removed object. */
  delete<K extends Kind>(kind: K, key: string): ObjectOfKind<K> {
    const m = this.kindMap(kind);
    const old = m.get(key) as ObjectOfKind<K> | undefined;
    if (old === undefined) throw new StoreError(404, 'NotFound', `${kind.toLowerCase()}s "${key}" not found`);
    m.delete(key);
    ++this.revision;
    this.notify('DELETED', old, old);
    return old;
  }

  /**
   * Watches changes of `kind` from now on; with `nodeName` only pods whose `spec.nodeName`
   * matches (a pod entering the selection arrives as ADDED, leaving it as DELETED).
   */
  watch<K extends Kind>(kind: K, onEvent: (event: WatchEvent<K>) => void, options: WatchOptions = {}): Watch {
    const watcher: Watcher = {
      kind,
      onEvent: onEvent as unknown as (event: WatchEvent<Kind>) => void,
      lastDelivery: this.sim.now,
      stopped: false,
    };
    const list = options.nodeName === undefined ? this.listFor(this.watchers, kind) : this.listFor(this.byNodeName, options.nodeName);
    if (options.list === true) {
      for (const obj of this.list(kind)) {
        const o = obj as KubeObject;
        if (options.nodeName === undefined || (o.kind === 'Pod' && o.spec.nodeName === options.nodeName)) onEvent({ type: 'ADDED', object: obj });
      }
    }
    list.push(watcher);
    return {
      stop: () => {
        watcher.stopped = true;
        const i = list.indexOf(watcher);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  private kindMap(kind: Kind): Map<string, KubeObject> {
    let m = this.objects.get(kind);
    if (m === undefined) this.objects.set(kind, (m = new Map()));
    return m;
  }

  private listFor<T>(index: Map<T, Watcher[]>, key: T): Watcher[] {
    let l = index.get(key);
    if (l === undefined) index.set(key, (l = []));
    return l;
  }

  private notify(type: WatchEventType, obj: KubeObject, old: KubeObject | undefined): void {
    const all = this.watchers.get(obj.kind);
    if (all !== undefined) for (const w of all) this.send(w, { type, object: obj });
    if (obj.kind !== 'Pod') return;
    const now = obj.spec.nodeName;
    const before = old?.kind === 'Pod' ? old.spec.nodeName : undefined;
    if (type !== 'MODIFIED' || now === before) {
      if (now !== undefined) this.sendAll(this.byNodeName.get(now), type, obj);
      return;
    }
    if (before !== undefined) this.sendAll(this.byNodeName.get(before), 'DELETED', obj);
    if (now !== undefined) this.sendAll(this.byNodeName.get(now), 'ADDED', obj);
  }

  private sendAll(list: Watcher[] | undefined, type: WatchEventType, obj: KubeObject): void {
    if (list !== undefined) for (const w of list) this.send(w, { type, object: obj });
  }

  private send(watcher: Watcher, event: WatchEvent<Kind>): void {
    const at = Math.max(this.sim.now + this.watchDelay(), watcher.lastDelivery);
    watcher.lastDelivery = at;
    this.sim.at(at, this.deliver, { watcher, event });
  }
}

/** Default delay (µs) from a committed change to a watcher receiving it: median 1 ms, p99 10 ms (watch cache fan-out; no published figure, exposed as `cluster.watchDelay`). */
export const defaultWatchDelay = { lognormal: { median: 1_000, p99: 10_000 } } as const;
