/** The contract between the kube-apiserver model and an etcd cluster model. */

/** Why etcd refused or dropped a request, as the apiserver's etcd client sees it. */
export type EtcdFailure =
  /** `mvcc: database space exceeded`: the NOSPACE alarm is raised; only reads and deletes pass. */
  | 'NOSPACE'
  /** `etcdserver: request timed out`: no leader (or a stalled one) for the client's request timeout. */
  | 'timeout';

/** One request for etcd: `apply` runs when it takes effect, then `done` gets its result (or `fail` the failure). */
export interface EtcdOperation<T> {
  readonly operation: 'create' | 'update' | 'delete' | 'get' | 'list';
  /** Resource the key belongs to (`pods`, `leases`), used for metric labels. */
  readonly type: string;
  /** Bytes of the value written (writes) or of one object read (reads). */
  readonly valueBytes: number;
  /** Bytes of the key (etcd's benchmark `--key-size`); the cluster's configured key size when absent. */
  readonly keyBytes?: number;
  /** Objects a `list` range returns (1 for other operations). */
  readonly count: number;
  /** Reads only: serializable (served by the member itself) instead of linearizable (ReadIndex round). */
  readonly serializable?: boolean;
  readonly apply: () => T;
  readonly done: (result: T) => void;
  readonly fail: (failure: EtcdFailure) => void;
}

/** Storage backend the apiserver writes through. */
export interface EtcdBackend {
  /** Queues `op`; later runs `op.apply` then `op.done`, or calls `op.fail`. */
  submit<T>(op: EtcdOperation<T>): void;
}
