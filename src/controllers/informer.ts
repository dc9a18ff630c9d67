/**
 * Shared informers (client-go tools/cache): one watch per kind for the whole controller manager,
 * a cache of the objects it has seen, an index by controller owner uid, and handlers called
 * after the cache is updated (an update handler gets the previous object too).
 */
import { objectKey, type Kind, type ObjectOfKind, type OwnerReference } from '../api/objects.js';
import type { ObjectStore, Watch } from '../api/object-store.js';

/** Callbacks of one informer consumer. */
export interface InformerHandlers<K extends Kind> {
  onAdd?(obj: ObjectOfKind<K>): void;
  onUpdate?(old: ObjectOfKind<K>, obj: ObjectOfKind<K>): void;
  onDelete?(obj: ObjectOfKind<K>): void;
}

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerOf(meta: { readonly ownerReferences?: readonly OwnerReference[] }): OwnerReference | undefined {
  return meta.ownerReferences?.find((o) => o.controller === true);
}

/** The cache and handlers of one kind. */
export class Informer<K extends Kind> {
  private readonly cache = new Map<string, ObjectOfKind<K>>();
  private readonly byController = new Map<string, Map<string, ObjectOfKind<K>>>();
  private readonly handlers: InformerHandlers<K>[] = [];
  private watch: Watch | undefined;

  constructor(private readonly store: ObjectStore, readonly kind: K) {}

  /** Adds a consumer; handlers added before start() also see the initial list as adds. */
  addEventHandler(h: InformerHandlers<K>): void {
    this.handlers.push(h);
  }

  /** Lists and watches (once). */
  start(): void {
    if (this.watch !== undefined) return;
    this.watch = this.store.watch(this.kind, (e) => {
      const obj = e.object;
      const key = objectKey(obj.metadata);
      const old = this.cache.get(key);
      if (e.type === 'DELETED') {
        if (old === undefined) return;
        this.cache.delete(key);
        this.unindex(key, old);
        for (const h of this.handlers) h.onDelete?.(obj);
        return;
      }
      this.cache.set(key, obj);
      if (old !== undefined) this.unindex(key, old);
      this.index(key, obj);
      if (old === undefined) for (const h of this.handlers) h.onAdd?.(obj);
      else for (const h of this.handlers) h.onUpdate?.(old, obj);
    }, { list: true });
  }

  /** Stops the watch. */
  stop(): void {
    this.watch?.stop();
  }

  /** The cached object at `key`. */
  get(key: string): ObjectOfKind<K> | undefined {
    return this.cache.get(key);
  }

  /** Cached objects whose controller owner has `uid`, in the order first seen. */
  ownedBy(uid: string): ObjectOfKind<K>[] {
    const m = this.byController.get(uid);
    return m === undefined ? [] : [...m.values()];
  }

  /** Every cached object, in the order first seen. */
  list(): ObjectOfKind<K>[] {
    return [...this.cache.values()];
  }

  private index(key: string, obj: ObjectOfKind<K>): void {
    const ref = controllerOf(obj.metadata);
    if (ref === undefined) return;
    let m = this.byController.get(ref.uid);
    if (m === undefined) this.byController.set(ref.uid, (m = new Map()));
    m.set(key, obj);
  }

  private unindex(key: string, obj: ObjectOfKind<K>): void {
    const ref = controllerOf(obj.metadata);
    if (ref === undefined) return;
    const m = this.byController.get(ref.uid);
    m?.delete(key);
    if (m?.size === 0) this.byController.delete(ref.uid);
  }
}

/** One informer per kind, shared by the controllers of a controller manager (SharedInformerFactory). */
export class SharedInformerFactory {
  private readonly informers = new Map<Kind, Informer<Kind>>();

  constructor(private readonly store: ObjectStore) {}

  /** The informer of `kind` (created on first use). */
  informerFor<K extends Kind>(kind: K): Informer<K> {
    let i = this.informers.get(kind);
    if (i === undefined) this.informers.set(kind, (i = new Informer(this.store, kind) as unknown as Informer<Kind>));
    return i as unknown as Informer<K>;
  }

  /** Starts every informer created so far. */
  start(): void {
    for (const i of this.informers.values()) i.start();
  }

  /** Stops them. */
  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
