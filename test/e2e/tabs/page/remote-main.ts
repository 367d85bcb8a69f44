// A test page: a bus bridged to the relay given in ?relay=, exposed to the Playwright tests.
import { createBus, createRegistry } from '../../../../src/index';
import { connectRemote, type RemoteStatus, type ResyncInfo } from '../../../../src/remote/index';

type Events = { 'chat/sent': { text: string } };

const setup = () => {
  const url = new URLSearchParams(location.search).get('relay') ?? '';
  const registry = createRegistry<Events>().define('chat/sent');
  const bus = createBus<Events>({ onError: () => {} });
  const received: string[] = [];
  const statuses: RemoteStatus['state'][] = [];
  const resyncs: ResyncInfo[] = [];
  bus.subscribe('chat/sent', (m) => {
    received.push(m.text);
  });
  const remote = connectRemote(bus, {
    url,
    channels: ['room'],
    types: ['chat/sent'],
    registry,
    backoff: { initialMs: 50, maxMs: 300 },
    onStatus: (s) => statuses.push(s.state),
    onResync: (r) => resyncs.push(r),
  });
  return { bus, received, statuses, resyncs, remote };
};

declare global {
  interface Window {
    hubbubRemote: ReturnType<typeof setup>;
  }
}
window.hubbubRemote = setup();
document.title = 'ready';
