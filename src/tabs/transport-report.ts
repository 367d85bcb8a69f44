import type { Bus } from '../core/bus';
import { notify, type Observation } from '../core/inspect';

/**
 * What a transport (tabs or remote) reports into its bus's inspection stream: refused incoming
 * events, failed sends, connection changes and resyncs.
 *
 * @example
 * inspect(bus, (o) => { if (o.kind === 'transport') console.log(o.transport, o.event, o.message) })
 */
export type TransportObservation = Extract<Observation, { kind: 'transport' }>;

/** Hands an observation to the bus's inspectors (devtools, tests). */
export const reportToBus: (bus: Bus<never>, observation: TransportObservation) => void = notify;

/**
 * Calls an app's callback (`onError`, `onInvalid`, `onStatus`, `onResync`): a throw in it is
 * logged, never thrown into a message handler or a delivery queue, where it would stop every later event.
 *
 * @example
 * callApp('hubbub/tabs', 'onInvalid', options.onInvalid, error, message)
 */
export const callApp = <Args extends unknown[]>(
  who: string,
  name: string,
  callback: ((...args: Args) => unknown) | undefined,
  ...args: Args
): void => {
  if (!callback) return;
  try {
    callback(...args);
  } catch (error) {
    console.error(`[${who}] options.${name} threw:`, error);
  }
};
