/** The compiled KubeSchedulerConfiguration: global settings and, per profile, the plugins at each extension point. */
import type { ClientConnection } from '../../controlplane/rest-client.js';
import type { Micros } from '../../engine/simulation.js';
import type { ExtensionPoint } from '../framework/extension-points.js';
import type { CostModel } from '../cost-model.js';

/** A plugin enabled at one extension point; weight only matters for Score. */
export interface EnabledPlugin {
  readonly name: string;
  readonly weight: number;
}

/** One scheduling profile (upstream KubeSchedulerProfile). */
export interface ProfileConfig {
  readonly schedulerName: string;
  /** Profile override of percentageOfNodesToScore (undefined: the global one). */
  readonly percentageOfNodesToScore: number | undefined;
  readonly points: Readonly<Record<ExtensionPoint, readonly EnabledPlugin[]>>;
  /** Args from pluginConfig by plugin name (absent: the plugin's defaults). */
  readonly pluginArgs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/** Global scheduler settings plus profiles. */
export interface SchedulerConfiguration {
  readonly parallelism: number;
  /** 0 means adaptive (upstream default). */
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoff: Micros;
  readonly podMaxBackoff: Micros;
  readonly podMaxInUnschedulablePodsDuration: Micros;
  readonly clientConnection: ClientConnection;
  readonly profiles: readonly ProfileConfig[];
  readonly costModel: CostModel;
}
