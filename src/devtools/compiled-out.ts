// 'hubbub/devtools' under the `production` export condition (Vite and webpack set it in production
// builds): connectDevtools does nothing and pulls in nothing.
import { connectDevtoolsOff } from './connect-off';
import type { ConnectDevtools } from './public-api';

export * from './public-api';

/**
 * In this production build, does nothing (the devtools are compiled out). To ship them, import
 * from 'hubbub/devtools/production'.
 *
 * @example
 * connectDevtools(bus) // no-op in production
 */
export const connectDevtools: ConnectDevtools = connectDevtoolsOff;
