/**
 * A device as CEL selectors see it (k8s.io/dynamic-resource-allocation/cel: `device.driver`,
 * `device.attributes[domain][name]`, `device.capacity[domain][name]`,
 * `device.allowMultipleAllocations`). Attribute and capacity names without a domain belong to
 * the driver's domain; ints are CEL ints, versions are strings here, capacities are quantities.
 */
import { parseQuantity } from '../../api/quantity.js';
import type { Device, DeviceAttribute } from '../resource-api.js';
import { celQuantity } from './quantity-functions.js';

/** A device with its driver and pool, and its CEL value built once. */
export interface DeviceView {
  readonly driver: string;
  readonly pool: string;
  readonly device: Device;
  readonly cel: ReadonlyMap<string, unknown>;
  /** Results of selectors already evaluated on this device, by expression (a device does not change). */
  readonly selected: Map<string, boolean>;
}

/** Splits `domain/name` (or `name` in the driver's domain). */
export function qualifiedName(driver: string, name: string): { domain: string; id: string } {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? { domain: driver, id: name } : { domain: name.slice(0, slash), id: name.slice(slash + 1) };
}

function attributeValue(a: DeviceAttribute): unknown {
  if (a.int !== undefined) return BigInt(a.int);
  if (a.bool !== undefined) return a.bool;
  if (a.string !== undefined) return a.string;
  return a.version ?? null;
}

function byDomain<T>(driver: string, entries: Readonly<Record<string, T>> | undefined, value: (v: T) => unknown): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  for (const [name, v] of Object.entries(entries ?? {})) {
    const q = qualifiedName(driver, name);
    let m = out.get(q.domain);
    if (m === undefined) out.set(q.domain, (m = new Map()));
    m.set(q.id, value(v));
  }
  return out;
}

/** Builds the view of `device` published by `driver` in `pool`; capacities must already be valid quantities. */
export function deviceView(driver: string, pool: string, device: Device): DeviceView {
  const cel = new Map<string, unknown>([
    ['driver', driver],
    ['attributes', byDomain(driver, device.attributes, attributeValue)],
    ['capacity', byDomain(driver, device.capacity, (c) => celQuantity(parseQuantity(c.value).milli))],
    ['allowMultipleAllocations', device.allowMultipleAllocations === true],
  ]);
  return { driver, pool, device, cel, selected: new Map() };
}

/** The value of attribute `name` (`domain/name`) of a device, for matchAttribute constraints; undefined when absent. */
export function attributeOf(view: DeviceView, name: string): string | undefined {
  const q = qualifiedName(view.driver, name);
  for (const [n, a] of Object.entries(view.device.attributes ?? {})) {
    const aq = qualifiedName(view.driver, n);
    if (aq.domain === q.domain && aq.id === q.id) return JSON.stringify(a);
  }
  return undefined;
}
