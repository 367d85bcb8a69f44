'use client';

// The part of 'hubbub/react' that needs React's client APIs (context, state, effects): a client
// component, its server-side render, any browser app. These files start with 'use client', and the
// build keeps it as the first statement of their bundle (scripts/client-directive.ts), so a React
// Server Components bundler (Next.js's App Router) gives a server component that imports
// 'hubbub/react' references to them, which it can render, instead of running `createContext` where
// the server's React has none. `createBusHooks`, outside this file, stays callable on the server.
export { BusProvider } from './bus-provider';
export { useBus } from './use-bus';
export { useEvent } from './use-event';
export { useLatestEvent } from './use-latest-event';
export { usePublish } from './use-publish';
