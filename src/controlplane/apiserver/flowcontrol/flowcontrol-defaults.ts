/**
 * The v1 defaults of FlowSchema and PriorityLevelConfiguration (upstream
 * pkg/apis/flowcontrol/v1/defaults.go) and the fully resolved forms the controller works with.
 */
import { exemptName, type FlowSchema, type PriorityLevelConfiguration } from './flowcontrol-types.js';

/** Upstream `FlowSchemaDefaultMatchingPrecedence`. */
export const defaultMatchingPrecedence = 1000;
/** Upstream `PriorityLevelConfigurationDefaultNominalConcurrencyShares` (Limited levels). */
export const defaultNominalConcurrencyShares = 30;
/** Upstream `PriorityLevelConfigurationDefaultQueues`. */
export const defaultQueues = 64;
/** Upstream `PriorityLevelConfigurationDefaultHandSize`. */
export const defaultHandSize = 8;
/** Upstream `PriorityLevelConfigurationDefaultQueueLengthLimit`. */
export const defaultQueueLengthLimit = 50;

/** Queuing parameters of a level that queues. */
export interface ResolvedQueuing {
  readonly queues: number;
  readonly handSize: number;
  readonly queueLengthLimit: number;
}

/** A priority level with every default applied (upstream's `plSpecCommons` view plus the limit response). */
export interface ResolvedPriorityLevel {
  readonly name: string;
  readonly exempt: boolean;
  readonly nominalConcurrencyShares: number;
  readonly lendablePercent: number;
  /** Undefined: may borrow up to the server concurrency limit (upstream: nil BorrowingLimitPercent). */
  readonly borrowingLimitPercent: number | undefined;
  /** Undefined for exempt levels and for Limited levels whose limit response is `Reject`. */
  readonly queuing: ResolvedQueuing | undefined;
}

/** `pl` with the v1 defaults applied; assumes it passed validation. */
export function resolvePriorityLevel(pl: PriorityLevelConfiguration): ResolvedPriorityLevel {
  const name = pl.metadata.name;
  const spec = pl.spec;
  if (spec.type === 'Exempt' || name === exemptName) {
    return {
      name,
      exempt: true,
      nominalConcurrencyShares: spec.exempt?.nominalConcurrencyShares ?? 0,
      lendablePercent: spec.exempt?.lendablePercent ?? 0,
      borrowingLimitPercent: undefined,
      queuing: undefined,
    };
  }
  const limited = spec.limited;
  const q = limited?.limitResponse.type === 'Queue' ? limited.limitResponse.queuing : undefined;
  return {
    name,
    exempt: false,
    nominalConcurrencyShares: limited?.nominalConcurrencyShares ?? defaultNominalConcurrencyShares,
    lendablePercent: limited?.lendablePercent ?? 0,
    borrowingLimitPercent: limited?.borrowingLimitPercent,
    queuing:
      limited?.limitResponse.type === 'Queue'
        ? { queues: q?.queues ?? defaultQueues, handSize: q?.handSize ?? defaultHandSize, queueLengthLimit: q?.queueLengthLimit ?? defaultQueueLengthLimit }
        : undefined,
  };
}

/** The matching precedence of `fs` with the v1 default applied. */
export function matchingPrecedenceOf(fs: FlowSchema): number {
  return fs.spec.matchingPrecedence ?? defaultMatchingPrecedence;
}
