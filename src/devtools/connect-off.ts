import type { Bus } from '../core/bus';
import type { DevtoolsOptions } from './options';

const noop = () => {};

/**
 * What `connectDevtools` is in a production build of an app that imports 'hubbub/devtools':
 * nothing is attached and nothing of the devtools is bundled. `enabled: true` cannot switch it
 * on (the code is gone), so it says where the code that can is.
 *
 * @example
 * connectDevtoolsOff(bus)() // does nothing
 */
export const connectDevtoolsOff = <E extends object>(_bus: Bus<E>, options?: DevtoolsOptions): (() => void) => {
  if (options?.enabled) {
    console.warn(
      "[hubbub] connectDevtools({ enabled: true }) does nothing in a production build: 'hubbub/devtools' is compiled out. Import connectDevtools from 'hubbub/devtools/production' to ship it.",
    );
  }
  return noop;
};
