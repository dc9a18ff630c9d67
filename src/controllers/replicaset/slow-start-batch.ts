/**
 * slowStartBatch (pkg/controller/replicaset/replica_set.go): calls `fn` `count` times in batches
 * of 1, 2, 4, ... (starting at `initialBatchSize`), each batch in parallel, the next batch only
 * after every call of the previous one succeeded — so a failing create (quota, admission) costs
 * one call instead of hundreds.
 */

/** `fn(done)` starts one call that reports success or failure through `done`. */
export type BatchCall = (done: (ok: boolean) => void) => void;

/** Runs the batches; `finished(successes)` once a batch had a failure or all `count` calls succeeded. */
export function slowStartBatch(count: number, initialBatchSize: number, fn: BatchCall, finished: (successes: number) => void): void {
  let successes = 0;
  let remaining = count;
  let batch = Math.min(remaining, initialBatchSize);
  const next = (): void => {
    if (batch <= 0) {
      finished(successes);
      return;
    }
    let left = batch;
    let failed = false;
    const size = batch;
    for (let i = 0; i < size; i++) {
      fn((ok) => {
        if (ok) successes++;
        else failed = true;
        if (--left > 0) return;
        remaining -= size;
        if (failed) {
          finished(successes);
          return;
        }
        batch = Math.min(2 * size, remaining);
        next();
      });
    }
  };
  next();
}

/** The batch sizes slowStartBatch uses for `count` calls that all succeed: 1, 2, 4, ... then the rest. */
export function slowStartBatchSizes(count: number, initialBatchSize = 1): number[] {
  const out: number[] = [];
  let remaining = count;
  let batch = Math.min(remaining, initialBatchSize);
  while (batch > 0) {
    out.push(batch);
    remaining -= batch;
    batch = Math.min(2 * batch, remaining);
  }
  return out;
}
