// A module worker with a bus of its own: answers each report request, bridged to the page by connectTabs.

import { connectDevtools } from '../../../../src/devtools/index';
import { createBus } from '../../../../src/index';
import { connectTabs } from '../../../../src/tabs/index';
import { BRIDGED, CHANNEL, registry, type WorkerEvents } from './worker-events';

const bus = createBus<WorkerEvents>({ name: 'reports' });
connectDevtools(bus);
bus.subscribe('report/requested', ({ month }) => {
  bus.emit('report/ready', { rows: month.length });
});
const connection = connectTabs(bus, { channel: CHANNEL, types: BRIDGED, registry });
connection.ready.then(() => postMessage('ready'));
