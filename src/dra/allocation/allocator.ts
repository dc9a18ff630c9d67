/**
 * The structured-parameters allocator for one node (after k8s.io/dynamic-resource-allocation/
 * structured/allocator.go, KEP-4381): every request of every claim of a pod gets `count` devices
 * (or `All` matching devices) that pass its DeviceClass's and its own CEL selectors, are free (or,
 * when they allow multiple allocations, have the capacity left), fit their shared counters and
 * satisfy the claim's `matchAttribute` / `distinctAttribute` constraints. Devices are tried in
 * the node's order (first fit), with backtracking up to a step budget, as upstream; a request's
 * `firstAvailable` alternatives are tried in their order.
 */
import { compileSelector, type CompiledSelector } from '../cel/device-selector.js';
import { attributeOf } from '../cel/device-view.js';
import { exactRequests, type DeviceConstraint, type DeviceRequestAllocationResult, type ExactDeviceRequest, type ResourceClaimSpec } from '../resource-api.js';
import { consumedCapacity, formatMilli } from './capacity-request.js';
import type { CandidateDevice, DeviceUsage } from './device-usage.js';

/** A claim to allocate: its key (for share ids), spec, and the compiled selectors of the classes it names. */
export interface ClaimToAllocate {
  readonly key: string;
  readonly spec: ResourceClaimSpec;
}

/** DeviceClass selectors by class name (undefined: the class does not exist). */
export type ClassSelectors = (className: string) => readonly CompiledSelector[] | undefined;

/** Per claim (in input order), its allocation results; or why the node cannot satisfy the claims. */
export type AllocationOutcome = { readonly results: DeviceRequestAllocationResult[][] } | { readonly failure: string };

/** Upstream gives up on a node after this much search (the allocator's own limit on combinations tried). */
export const searchBudget = 10_000;

interface Slot {
  readonly claim: number;
  readonly request: string;
  readonly exact: ExactDeviceRequest;
  /** Devices that pass the class and request selectors. */
  readonly matching: readonly CandidateDevice[];
  /** The claim's constraints that apply to this request. */
  readonly constraints: readonly DeviceConstraint[];
}

interface Pick {
  readonly slot: Slot;
  readonly device: CandidateDevice;
  readonly consumed: ReadonlyMap<string, bigint> | undefined;
}

function selected(device: CandidateDevice, selectors: readonly CompiledSelector[]): boolean {
  for (const s of selectors) if (!s.matches(device.view)) return false;
  return true;
}

/**
 * Allocates `claims` on a node with `devices` and current `usage` (left as it was on return).
 * `preferred`, when given, restricts the devices tried to those ids (a GPU policy's choice).
 */
export function allocate(claims: readonly ClaimToAllocate[], devices: readonly CandidateDevice[], usage: DeviceUsage, classes: ClassSelectors, preferred?: ReadonlySet<string>): AllocationOutcome {
  return search(claims, devices, usage, classes, preferred, true);
}

/** Whether `claims` can be allocated on the node (undefined) or why not, without building the results (Filter's question). */
export function allocationFailure(claims: readonly ClaimToAllocate[], devices: readonly CandidateDevice[], usage: DeviceUsage, classes: ClassSelectors): string | undefined {
  const out = search(claims, devices, usage, classes, undefined, false);
  return 'failure' in out ? out.failure : undefined;
}

function search(claims: readonly ClaimToAllocate[], devices: readonly CandidateDevice[], usage: DeviceUsage, classes: ClassSelectors, preferred: ReadonlySet<string> | undefined, materialize: boolean): AllocationOutcome {
  const pool = preferred === undefined ? devices : devices.filter((d) => preferred.has(d.id));
  // Requests with `firstAvailable` are tried alternative by alternative, earlier ones first.
  const sizes: number[] = [];
  for (const c of claims) for (const r of c.spec.devices?.requests ?? []) sizes.push(Math.max(1, exactRequests(r).length));
  const choice = sizes.map(() => 0);
  let first: AllocationOutcome | undefined;
  for (let tries = 0; tries < maxAlternativeCombinations; tries++) {
    const out = allocateChoice(claims, pool, usage, classes, choice, materialize);
    if ('results' in out) return out;
    first ??= out;
    // Next combination, the last request's alternative varying fastest.
    let k = choice.length - 1;
    while (k >= 0 && (choice[k] as number) + 1 >= (sizes[k] as number)) choice[k--] = 0;
    if (k < 0) break;
    choice[k] = (choice[k] as number) + 1;
  }
  return first ?? { failure: 'cannot allocate all claims' };
}

/** Combinations of `firstAvailable` alternatives tried per node before giving up. */
export const maxAlternativeCombinations = 64;

function allocateChoice(claims: readonly ClaimToAllocate[], pool: readonly CandidateDevice[], usage: DeviceUsage, classes: ClassSelectors, choice: readonly number[], materialize: boolean): AllocationOutcome {
  const slots: Slot[] = [];
  const fixed: Pick[] = [];
  let r = 0;
  for (let c = 0; c < claims.length; c++) {
    const spec = (claims[c] as ClaimToAllocate).spec.devices ?? {};
    const constraints = spec.constraints ?? [];
    for (const request of spec.requests ?? []) {
      const alternative = exactRequests(request)[choice[r++] ?? 0];
      if (alternative === undefined) return rollback(usage, fixed, `request "${request.name}" has no alternatives`);
      const { name, exact } = alternative;
      const classSelectors = classes(exact.deviceClassName);
      if (classSelectors === undefined) return rollback(usage, fixed, `device class ${exact.deviceClassName} does not exist`);
      const own: CompiledSelector[] = [];
      for (const s of exact.selectors ?? []) if (s.cel !== undefined) own.push(requestSelector(s.cel.expression));
      const matching = pool.filter((d) => selected(d, classSelectors) && selected(d, own));
      const applies = constraints.filter((k) => k.requests === undefined || k.requests.length === 0 || k.requests.includes(request.name));
      const slot: Slot = { claim: c, request: name, exact, matching, constraints: applies };
      if (exact.allocationMode === 'All') {
        let failure: string | undefined;
        if (matching.length === 0) failure = `cannot allocate all devices of request "${request.name}": none match`;
        for (const d of matching) {
          // Taken one after another, so devices sharing counters (MIG partitions) count against each other.
          if (failure !== undefined) break;
          if (usage.inUse(d.id) || !usage.countersFit(d)) failure = `cannot allocate all devices of request "${request.name}": some are in use`;
          else {
            fixed.push({ slot, device: d, consumed: undefined });
            usage.apply(d, {}, 1);
          }
        }
        if (failure !== undefined) return rollback(usage, fixed, failure);
      } else {
        for (let i = 0; i < (exact.count ?? 1); i++) slots.push(slot);
      }
    }
  }
  const picks: Pick[] = [...fixed];
  let steps = 0;
  const next = (i: number): boolean => {
    if (i === slots.length) return true;
    const slot = slots[i] as Slot;
    for (const d of slot.matching) {
      if (++steps > searchBudget) return false;
      const consumed = fits(d, slot, usage, picks);
      if (consumed === false || !constraintsHold(slot, d, picks)) continue;
      const pick: Pick = { slot, device: d, consumed };
      usage.applyConsumed(d, consumed, 1);
      picks.push(pick);
      if (next(i + 1)) return true;
      picks.pop();
      usage.applyConsumed(d, consumed, -1);
    }
    return false;
  };
  const ok = next(0);
  for (const p of picks) usage.applyConsumed(p.device, p.consumed, -1);
  if (!ok) return { failure: steps > searchBudget ? 'allocation search took too long' : 'cannot allocate all claims' };
  const results: DeviceRequestAllocationResult[][] = claims.map(() => []);
  if (!materialize) return { results };
  for (const p of picks) {
    const list = results[p.slot.claim] as DeviceRequestAllocationResult[];
    list.push(resultOf(p, `${(claims[p.slot.claim] as ClaimToAllocate).key}-${list.length}`));
  }
  return { results };
}

/** Takes back the devices of `All` requests applied so far and reports `failure`. */
function rollback(usage: DeviceUsage, fixed: readonly Pick[], failure: string): AllocationOutcome {
  for (const p of fixed) usage.apply(p.device, {}, -1);
  return { failure };
}

const matchesNothing: CompiledSelector = { expression: 'false', matches: () => false };

/** A request's own CEL selector (compiled once per text; one that does not compile selects nothing — validation reports it first). */
function requestSelector(expression: string): CompiledSelector {
  const c = compileSelector(expression);
  return 'selector' in c ? c.selector : matchesNothing;
}

/** Consumed capacity of picking `d` for `slot` (undefined for a whole device), or false when it does not fit. */
function fits(d: CandidateDevice, slot: Slot, usage: DeviceUsage, picks: readonly Pick[]): ReadonlyMap<string, bigint> | undefined | false {
  if (!usage.countersFit(d)) return false;
  if (d.view.device.allowMultipleAllocations !== true) {
    if (usage.inUse(d.id)) return false;
    return undefined;
  }
  // One claim does not take two shares of the same device.
  for (const p of picks) if (p.device.id === d.id && p.slot.claim === slot.claim) return false;
  const consumed = consumedFor(d, slot.exact);
  if (consumed === undefined) return false;
  for (const [name, amount] of consumed) {
    const total = d.capacity.get(name) ?? 0n;
    if (usage.consumedCapacity(d.id, name) + amount > total) return false;
  }
  return consumed;
}

/** Consumed capacity per (request, device), computed once: both are immutable objects. */
const consumedMemo = new WeakMap<ExactDeviceRequest, WeakMap<CandidateDevice, Map<string, bigint> | null>>();

function consumedFor(d: CandidateDevice, exact: ExactDeviceRequest): Map<string, bigint> | undefined {
  let byDevice = consumedMemo.get(exact);
  if (byDevice === undefined) consumedMemo.set(exact, (byDevice = new WeakMap()));
  let c = byDevice.get(d);
  if (c === undefined) {
    c = consumedCapacity(d.view.driver, d.view.device, exact.capacity?.requests) ?? null;
    byDevice.set(d, c);
  }
  return c ?? undefined;
}

function constraintsHold(slot: Slot, d: CandidateDevice, picks: readonly Pick[]): boolean {
  for (const k of slot.constraints) {
    const attr = k.matchAttribute ?? k.distinctAttribute;
    if (attr === undefined) continue;
    const mine = attributeOf(d.view, attr);
    if (mine === undefined) return false;
    for (const p of picks) {
      if (p.slot.claim !== slot.claim || !p.slot.constraints.includes(k)) continue;
      const theirs = attributeOf(p.device.view, attr);
      if (k.matchAttribute !== undefined && theirs !== mine) return false;
      if (k.distinctAttribute !== undefined && theirs === mine) return false;
    }
  }
  return true;
}

function resultOf(p: Pick, shareID: string): DeviceRequestAllocationResult {
  const v = p.device.view;
  const base = { request: p.slot.request, driver: v.driver, pool: v.pool, device: v.device.name };
  if (p.consumed === undefined) return base;
  const consumedCapacity: Record<string, string> = {};
  for (const [name, amount] of p.consumed) consumedCapacity[name] = formatMilli(amount);
  return { ...base, ...(shareID === '' ? {} : { shareID }), consumedCapacity };
}
