import type { Bus } from '../core/bus';
import { NOTIFY } from '../core/inspect';

/**
 * What a transport (tabs or remote) reports into its bus's inspection stream, next to the core's
 * observations: refused incoming events, failed sends, connection changes and resyncs.
 *
 * @example
 * bus.inspect((o) => { if ((o as { kind: string }).kind === 'transport') console.log(o) })
 */
export interface TransportObservation {
  readonly kind: 'transport';
  readonly transport: 'tabs' | 'remote';
  /** The BroadcastChannel name or the relay URL. */
  readonly name: string;
  readonly event: 'invalid' | 'send-failed' | 'status' | 'resync';
  readonly message: string;
  readonly error?: unknown;
}

/** Hands an observation to the bus's inspectors (devtools, tests). */
export const reportToBus = (bus: Bus<never>, observation: TransportObservation): void => {
  // The core's Observation union does not list transport observations yet; inspectors that do
  // not know the kind ignore it.
  bus[NOTIFY](observation);
};
