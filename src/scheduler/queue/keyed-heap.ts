/**
 * A binary min-heap keyed by string (the role of upstream pkg/scheduler/backend/heap: a heap with
 * a key → index map so entries can be found, updated and removed in O(log n)). Entries that
 * `less` considers equal come out in insertion order (a per-entry sequence number breaks ties),
 * so the order never depends on the heap's internal layout.
 */

interface HeapNode<T> {
  readonly key: string;
  value: T;
  readonly seq: number;
}

/** Min-heap of values by `less`, FIFO among equals, with lookup/update/removal by key. */
export class KeyedHeap<T> {
  private readonly nodes: HeapNode<T>[] = [];
  private readonly index = new Map<string, number>();
  private nextSeq = 0;

  /** `less(a, b)` is true when `a` must come out before `b`. */
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  /** Number of entries. */
  get size(): number {
    return this.nodes.length;
  }

  /** True when an entry has `key`. */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /** The value stored under `key`, if any. */
  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.nodes[i]!.value;
  }

  /** Adds `value` under `key`; if the key is present its value is replaced (keeping its FIFO rank) and re-sifted. */
  push(key: string, value: T): void {
    const i = this.index.get(key);
    if (i !== undefined) {
      this.nodes[i]!.value = value;
      this.fixAt(i);
      return;
    }
    const n = this.nodes.length;
    this.nodes.push({ key, value, seq: this.nextSeq++ });
    this.index.set(key, n);
    this.up(n);
  }

  /** The first value without removing it. */
  peek(): T | undefined {
    return this.nodes[0]?.value;
  }

  /** Removes and returns the first value. */
  pop(): T | undefined {
    if (this.nodes.length === 0) return undefined;
    return this.removeAt(0);
  }

  /** Removes the entry under `key` and returns its value (undefined if absent). */
  remove(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.removeAt(i);
  }

  /** Restores heap order after the value under `key` changed in a way that affects `less`. */
  fix(key: string): void {
    const i = this.index.get(key);
    if (i !== undefined) this.fixAt(i);
  }

  /** Values in first-out order (a sorted copy; O(n log n)). */
  sorted(): T[] {
    return [...this.nodes].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0)).map((n) => n.value);
  }

  private before(a: HeapNode<T>, b: HeapNode<T>): boolean {
    if (this.less(a.value, b.value)) return true;
    if (this.less(b.value, a.value)) return false;
    return a.seq < b.seq;
  }

  private removeAt(i: number): T {
    const nodes = this.nodes;
    const removed = nodes[i]!;
    const last = nodes.pop()!;
    this.index.delete(removed.key);
    if (i < nodes.length) {
      nodes[i] = last;
      this.index.set(last.key, i);
      this.fixAt(i);
    }
    return removed.value;
  }

  private fixAt(i: number): void {
    if (!this.up(i)) this.down(i);
  }

  /** Sifts node i towards the root; true if it moved. */
  private up(i: number): boolean {
    const nodes = this.nodes;
    const node = nodes[i]!;
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = nodes[parent]!;
      if (!this.before(node, p)) break;
      nodes[i] = p;
      this.index.set(p.key, i);
      i = parent;
    }
    nodes[i] = node;
    this.index.set(node.key, i);
    return i !== start;
  }

  private down(i: number): void {
    const nodes = this.nodes;
    const n = nodes.length;
    const node = nodes[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.before(nodes[r]!, nodes[l]!) ? r : l;
      const c = nodes[child]!;
      if (!this.before(c, node)) break;
      nodes[i] = c;
      this.index.set(c.key, i);
      i = child;
    }
    nodes[i] = node;
    this.index.set(node.key, i);
  }
}
