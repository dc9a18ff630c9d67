/** What every controller of a controller manager shares: the clock, the shared informers, a seeded stream and its own API client. */
import type { RandomStream } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { SharedInformerFactory } from './informer.js';

/** The environment a controller runs in. */
export interface ControllerContext {
  readonly sim: Simulation;
  readonly informers: SharedInformerFactory;
  /** The controller's own client (kube-controller-manager gives each controller one, with the manager's QPS and burst). */
  readonly client: RestClient;
  /** The user its requests run as (`system:serviceaccount:kube-system:<controller>`). */
  readonly user: string;
  /** Its seeded stream (generated name suffixes). */
  readonly random: RandomStream;
}

/** Characters of generated name suffixes (apiserver storage/names: consonants and digits, no vowels). */
const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A 5-character random suffix, as metadata.generateName gets from the apiserver. */
export function generatedSuffix(random: RandomStream): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[random.int(alphabet.length)];
  return s;
}
