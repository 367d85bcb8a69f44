// A page whose bus streams to an in-page viewer (as the floating panel or recordBus do) while no
// DevTools panel may be attached: the content script sees every batch. `maxBuffer: 100` keeps the
// page's own memory small, so what the content script holds shows in the tab's heap.
// `window.stream.emitBig(n)` emits n events of about 240 KB each.

import { connectDevtools } from '../../../../src/devtools/index';
import { PANEL_SOURCE, PROTOCOL_VERSION } from '../../../../src/devtools/protocol';
import { createBus } from '../../../../src/index';

const bus = createBus({ name: 'stream', onError: () => {} });
connectDevtools(bus, { maxBuffer: 100 });
// The in-page viewer asks for the stream over window.postMessage.
window.postMessage({ source: PANEL_SOURCE, version: PROTOCOL_VERSION, kind: 'connect' }, location.origin);

const emitBig = async (count: number) => {
  for (let i = 0; i < count; i++) {
    const payload: Record<string, string> = {};
    for (let k = 0; k < 24; k++) payload[`k${k}`] = String(i * 100 + k).padEnd(10_000, 'x');
    bus.emit('big', payload);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
};

Object.assign(window, { stream: { bus, emitBig } });
