/**
 * CPU work of one request on an apiserver replica: a base cost per verb (decoding, admission,
 * validation, conversion, encoding), a cost per byte of the objects it encodes or decodes, and
 * for LISTs a cost per object returned. The defaults make a replica of 8 CPUs saturate near
 * 5,000 requests/s on a node-heartbeat and pod-churn mix (REFERENCE.md, 10,000-node design: "one
 * apiserver ≈ 5,000 QPS"); encoding runs near 200 MB/s per core, in line with Go's protobuf/JSON
 * serialisation. All of it is exposed as `cluster.apiserver.requestCost`.
 */
import type { Micros } from '../../engine/simulation.js';
import type { Verb } from './request.js';

/** Parameters of the CPU cost model (µs). */
export interface RequestCostConfig {
  /** Base CPU µs per verb. */
  readonly base: Readonly<Record<Verb, number>>;
  /** CPU µs per byte encoded or decoded. */
  readonly perByte: number;
  /** CPU µs per object in a LIST response (filtering, copying), beyond its bytes. */
  readonly perListedObject: number;
  /** CPU µs per watch event sent to one watcher (serialisation is cached; the write to the stream remains). */
  readonly perWatchEvent: number;
  /** Share of an etcd-backed request's CPU spent after etcd answers (decoding etcd's value, encoding the response). */
  readonly answerShare: number;
}

/** Default cost model; see the module comment for the calibration target. */
export const defaultRequestCost: RequestCostConfig = {
  base: { POST: 1_400, PUT: 1_200, PATCH: 1_200, DELETE: 1_000, GET: 600, LIST: 800 },
  perByte: 0.005,
  perListedObject: 2,
  perWatchEvent: 8,
  answerShare: 0.4,
};

/** CPU µs for a request of `verb` moving `objects` objects of `bytesEach` bytes. */
export function requestCpu(cost: RequestCostConfig, verb: Verb, objects: number, bytesEach: number): Micros {
  let work = cost.base[verb] + objects * bytesEach * cost.perByte;
  if (verb === 'LIST') work += objects * cost.perListedObject;
  return Math.round(work);
}
