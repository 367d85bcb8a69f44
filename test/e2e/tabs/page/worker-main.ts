// A page whose reports are made in a Web Worker: the page's bus (the one DevTools shows) hears them through connectTabs.

import { connectDevtools } from '../../../../src/devtools/index';
import { createBus } from '../../../../src/index';
import { connectTabs } from '../../../../src/tabs/index';
import { BRIDGED, CHANNEL, registry, type WorkerEvents } from './worker-events';

const bus = createBus<WorkerEvents>({ name: 'page' });
const ready: { rows: number }[] = [];
bus.subscribe('report/ready', (report) => {
  ready.push(report);
});
const disconnect = connectDevtools(bus);
const connection = connectTabs(bus, { channel: CHANNEL, types: BRIDGED, registry });
const worker = new Worker(new URL('./report-worker.ts', import.meta.url), { type: 'module' });
const workerReady = new Promise<void>((resolve) => worker.addEventListener('message', () => resolve(), { once: true }));

declare global {
  interface Window {
    hubbubWorker: { bus: typeof bus; ready: typeof ready; workerReady: Promise<void>; disconnect: () => void };
  }
}
window.hubbubWorker = { bus, ready, workerReady, disconnect };
connection.ready.then(() => {
  document.title = 'ready';
});
