/**
 * APF work estimates: how many seats a request occupies while executing and, for writes, how many
 * more it holds afterwards while the watch events it caused are delivered. Pure functions after
 * upstream staging/src/k8s.io/apiserver/pkg/util/flowcontrol/request/ (width.go, config.go,
 * list_work_estimator.go seatsBasedOnObjectCount, mutating_work_estimator.go), with the
 * SizeBasedListCostEstimate feature gate off (its default until 1.34: LIST capped at 10 seats).
 */
import type { Micros } from '../../../engine/simulation.js';
import type { WorkEstimate } from './request-digest.js';

/** Upstream `MinimumSeats`. */
export const minimumSeats = 1;
/** Upstream `MaximumListSeatsLimit` (without SizeBasedListCostEstimate). */
export const maximumListSeatsLimit = 10;
/** Upstream `MaximumMutatingSeatsLimit`. */
export const maximumMutatingSeatsLimit = 10;
/** Upstream `objectsPerSeat`: one seat per 100 objects a LIST processes. */
export const objectsPerSeat = 100;
/** Upstream `watchesPerSeat`: one final seat per 10 watchers of a write. */
export const watchesPerSeat = 10;
/** Upstream `eventAdditionalDuration`: 5 ms of final seats per write with watchers. */
export const eventAdditionalDuration: Micros = 5_000;

/** Every request not estimated otherwise: one seat, nothing after (upstream `WorkEstimate{InitialSeats: MinimumSeats}`). */
export const defaultWorkEstimate: WorkEstimate = Object.freeze({ initialSeats: minimumSeats, finalSeats: 0, additionalLatency: 0 });

/** Upstream `WorkEstimate.MaxSeats`: the seats held from dispatch until the final seats are released. */
export function maxSeatsOf(work: WorkEstimate): number {
  return work.initialSeats >= work.finalSeats ? work.initialSeats : work.finalSeats;
}

/** Per-level cap on estimated seats (apf_controller.go): max(1, min(ceil(0.15·nominalCL), floor(nominalCL/handSize))); 10 for the built-in levels at ServerCL 600. */
export function priorityLevelMaxSeats(nominalCL: number, handSize: number): number {
  return Math.max(1, Math.min(Math.ceil(nominalCL * 0.15), Math.floor(nominalCL / handSize)));
}

/** What a LIST reads, as upstream's seatsBasedOnObjectCount counts it. */
export interface ListShape {
  /** Objects of the resource in storage. */
  readonly stored: number;
  /** `limit` of a paginated LIST (0 or absent: none). */
  readonly limit?: number;
  /** Served from the watch cache (resourceVersion=0 or not set with the cache on). */
  readonly fromCache: boolean;
  /** A label or field selector is set. */
  readonly selector?: boolean;
  /** `metadata.name` is fixed (a GET in disguise). */
  readonly singleObject?: boolean;
}

/** Objects a LIST processes: 1 for one name; all stored from the cache; stored + limit with a selector from etcd; else 2 · limit. */
export function listObjectsProcessed(list: ListShape): number {
  const limit = list.limit !== undefined && list.limit > 0 && list.limit < list.stored ? list.limit : list.stored;
  if (list.singleObject === true) return 1;
  if (list.fromCache) return list.stored;
  if (list.selector === true) return list.stored + limit;
  return 2 * limit;
}

/** A LIST processing `objects`: ceil(objects/100) seats, at least 1, at most `maxSeats` (default 10). */
export function listWorkEstimate(objects: number, maxSeats: number = maximumListSeatsLimit): WorkEstimate {
  const cap = maxSeats > 0 && maxSeats < maximumListSeatsLimit ? maxSeats : maximumListSeatsLimit;
  const seats = Math.min(cap, Math.max(minimumSeats, Math.ceil(objects / objectsPerSeat)));
  return seats === minimumSeats ? defaultWorkEstimate : { initialSeats: seats, finalSeats: 0, additionalLatency: 0 };
}

/**
 * A write with `watchers` interested watchers: 1 seat; with 10 or more watchers also
 * ceil(watchers/10) final seats for 5 ms, narrowed to `maxSeats` (default 10) by stretching the
 * latency so the final work (seats × time) is kept.
 */
export function mutatingWorkEstimate(watchers: number, maxSeats: number = maximumMutatingSeatsLimit): WorkEstimate {
  if (watchers < watchesPerSeat) return defaultWorkEstimate;
  const cap = maxSeats > 0 && maxSeats < maximumMutatingSeatsLimit ? maxSeats : maximumMutatingSeatsLimit;
  const wanted = Math.ceil(watchers / watchesPerSeat);
  const finalSeats = Math.min(wanted, cap);
  const additionalLatency = finalSeats === wanted ? eventAdditionalDuration : Math.round((wanted * eventAdditionalDuration) / finalSeats);
  return { initialSeats: minimumSeats, finalSeats, additionalLatency };
}

/**
 * `work` narrowed to a level's max seats as the estimators do once they know the level: initial
 * seats capped; final seats capped with the latency stretched to keep the final work. Returns
 * `work` itself when nothing changes.
 */
export function clampWorkEstimate(work: WorkEstimate, maxSeats: number): WorkEstimate {
  if (work.initialSeats <= maxSeats && work.finalSeats <= maxSeats) return work;
  const initialSeats = Math.min(work.initialSeats, maxSeats);
  if (work.finalSeats <= maxSeats) return { initialSeats, finalSeats: work.finalSeats, additionalLatency: work.additionalLatency };
  return { initialSeats, finalSeats: maxSeats, additionalLatency: Math.round((work.finalSeats * work.additionalLatency) / maxSeats) };
}
