// Seeded, named random streams. Each stream is an independent alea generator
// seeded with `${seed}:${name}`, so the numbers one model draws depend only on
// the run seed and that model's name, never on which other models exist or in
// what order they draw.

import seedrandom from 'seedrandom';

/** A deterministic source of uniform random numbers. */
export interface RandomStream {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Uniform integer in 0..n-1; n must be a positive integer. */
  int(n: number): number;
}

class AleaStream implements RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  next(): number {
    return this.prng();
  }

  int(n: number): number {
    if (!(n >= 1 && Number.isSafeInteger(n))) {
      throw new RangeError(`RandomStream.int: n must be a positive integer, got ${String(n)}`);
    }
    // 53-bit draw so that large n stay (nearly) uniform.
    return Math.floor(this.prng.double() * n);
  }
}

/** Factory of named streams derived from one run seed; the same name always yields the same stream object. */
export class RandomStreams {
  private readonly seed: string;
  private readonly streams = new Map<string, RandomStream>();

  /** seed: the run seed (a finite number or any string). */
  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`RandomStreams: seed must be finite, got ${seed}`);
    }
    this.seed = String(seed);
  }

  /** Returns the stream for `name`, creating it from `${seed}:${name}` on first use. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new AleaStream(`${this.seed}:${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
