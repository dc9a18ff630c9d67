/**
 * Shuffle sharding: a flow's hash deals it a hand of `handSize` distinct queues out of a deck of
 * `queues`; its requests join the least loaded queue of the hand. Follows upstream
 * staging/src/k8s.io/apiserver/pkg/util/shufflesharding/shufflesharding.go (Dealer,
 * RequiredEntropyBits, MaxHashBits). The flow hash differs: upstream takes the first 8 bytes of
 * SHA-256 of `schema NUL distinguisher` (apf_controller.go hashFlowID); we use 64-bit FNV-1a of
 * the same bytes, which is as deterministic and spreads flows as evenly for this purpose.
 */

/** Upstream `MaxHashBits`: the most hash bits a deal may consume. */
export const maxHashBits = 60;

/** Upstream `RequiredEntropyBits`: ceil(log2(deckSize) · handSize), the hash bits a deal consumes. */
export function requiredEntropyBits(deckSize: number, handSize: number): number {
  return Math.ceil(Math.log2(deckSize) * handSize);
}

/** Why `(deckSize, handSize)` cannot be dealt (upstream NewDealer's checks), or undefined if it can. */
export function dealerConfigError(deckSize: number, handSize: number): string | undefined {
  if (!(deckSize > 0) || !(handSize > 0)) return `deckSize ${deckSize} or handSize ${handSize} is not positive`;
  if (handSize > deckSize) return `handSize ${handSize} is greater than deckSize ${deckSize}`;
  if (deckSize > 1 << 26) return `deckSize ${deckSize} is impractically large`;
  if (requiredEntropyBits(deckSize, handSize) > maxHashBits) {
    return `required entropy bits of deckSize ${deckSize} and handSize ${handSize} is greater than ${maxHashBits}`;
  }
  return undefined;
}

/** Deals hands of `handSize` distinct cards from `0..deckSize-1`, using a 64-bit hash as the only entropy. */
export class Dealer {
  /** Throws RangeError with upstream's message when the sizes are invalid. */
  constructor(
    readonly deckSize: number,
    readonly handSize: number,
  ) {
    const error = dealerConfigError(deckSize, handSize);
    if (error !== undefined) throw new RangeError(`Dealer: ${error}`);
  }

  /**
   * The hand for `hash` (an unsigned 64-bit BigInt): the hash is read as a mixed-radix number with
   * digits in base deckSize, deckSize−1, ...; digit i picks the i-th card among those not dealt yet.
   * This is the same hand upstream's Deal produces (its remainder-adjustment loop computes exactly
   * "the r-th remaining card"; checked against a port of it on 10^6 deals and in the tests).
   */
  deal(hash: bigint): number[] {
    const hand: number[] = [];
    const dealt: number[] = []; // ascending
    let rest = hash;
    for (let i = 0; i < this.handSize; i++) {
      const base = BigInt(this.deckSize - i);
      let card = Number(rest % base);
      rest /= base;
      let at = 0;
      for (; at < dealt.length; at++) {
        const d = dealt[at] as number;
        if (d > card) break;
        card++;
      }
      dealt.splice(at, 0, card);
      hand.push(card);
    }
    return hand;
  }
}

const fnvOffsetBasis = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask64 = (1n << 64n) - 1n;
const utf8 = new TextEncoder();

function fnv1a64(h: bigint, bytes: Uint8Array): bigint {
  for (const b of bytes) h = ((h ^ BigInt(b)) * fnvPrime) & mask64;
  return h;
}

/** 64-bit FNV-1a of UTF-8(`flowSchemaName`) · 0x00 · UTF-8(`flowDistinguisher`), the flow's identity for shuffle sharding. */
export function hashFlow(flowSchemaName: string, flowDistinguisher: string): bigint {
  let h = fnv1a64(fnvOffsetBasis, utf8.encode(flowSchemaName));
  h = fnv1a64(h, new Uint8Array(1));
  return fnv1a64(h, utf8.encode(flowDistinguisher));
}
