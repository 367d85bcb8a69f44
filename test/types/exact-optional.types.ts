/**
 * Type tests, checked by `npm run typecheck` (tsc, with `exactOptionalPropertyTypes`): every
 * optional field of a public option type accepts `undefined`, meaning "use the default", so an app
 * can forward a value it may not have (`token: maybeToken`) without spreading it in conditionally.
 * Each option is passed as a `T | undefined` variable. Nothing here runs.
 */
import {
  type BusOptions,
  createBus,
  createRegistry,
  createSaga,
  type EventDefinition,
  type EventsOptions,
  events,
  type OnceOptions,
  once,
  type SagaOptions,
  type SubscribeOptions,
} from 'hubbub';
import { connectDevtools, type DevtoolsOptions, type SerializeLimits } from 'hubbub/devtools';
import { type FloatingPanelOptions, mountFloatingPanel } from 'hubbub/devtools/panel';
import { mountFloatingPanel as mountFloatingPanelAlwaysOn } from 'hubbub/devtools/panel/production';
import { connectDevtools as connectDevtoolsAlwaysOn } from 'hubbub/devtools/production';
import {
  createMemoryEngine,
  createRedisEngine,
  createRelay,
  type MemoryEngineOptions,
  type RedisEngineOptions,
  type RelayOptions,
} from 'hubbub/relay';
import { type BackoffOptions, backoffDelay, connectRemote, type RemoteOptions } from 'hubbub/remote';
import { type BroadcastChannelLike, connectTabs, createTtlSet, type TabsOptions, type TtlSetOptions } from 'hubbub/tabs';
import { createTestBus, type ReplayOptions, replayRecording, type WaitForEventOptions, waitForEvent } from 'hubbub/testing';
import { type RecordBusOptions, type RecorderReplayOptions, recordBus, type WaitForOptions } from 'hubbub/testing/playwright';

type Events = { 'cart/added': { sku: string }; 'order/paid': { orderId: string } };

/** A value of `T` the app may not have. */
declare function maybe<T>(): T | undefined;

const registry = createRegistry<Events>().define('cart/added').define('order/paid');
const bus = createBus<Events>();

// The core's options, which already took undefined: kept here so the whole public surface is in one place.
export const core = () => {
  const busOptions: BusOptions<Events> = { name: maybe<string>(), sticky: maybe<readonly 'cart/added'[]>() };
  createTestBus<Events>(busOptions);
  const subscribe: SubscribeOptions = { label: maybe<string>(), signal: maybe<AbortSignal>() };
  bus.subscribe('cart/added', () => {}, subscribe);
  const onceOptions: OnceOptions<Events['cart/added']> = { timeout: maybe<number>(), signal: maybe<AbortSignal>() };
  void once(bus, 'cart/added', onceOptions);
  const eventsOptions: EventsOptions = { bufferSize: maybe<number>(), signal: maybe<AbortSignal>() };
  void events(bus, 'cart/added', eventsOptions);
  bus.use((event) => event, { name: maybe<string>() });
  bus.use((event) => event, maybe<{ name: string }>());
};

export const definitions = () => {
  const definition: EventDefinition<{ sku: string }> = {
    version: maybe<number>(),
    schema: maybe<NonNullable<EventDefinition<{ sku: string }>['schema']>>(),
    upcasters: maybe<Readonly<Record<number, (data: never) => unknown>>>(),
    create: maybe<(data: { sku: string }) => object>(),
  };
  createRegistry<Events>().define('cart/added', definition);
  createRegistry<Events>().define('cart/added', { version: maybe<number>(), schema: maybe(), upcasters: maybe(), create: maybe() });
};

export const remote = () => {
  const backoff: BackoffOptions = { initialMs: maybe<number>(), maxMs: maybe<number>(), factor: maybe<number>() };
  backoffDelay(1, backoff);
  const dedupe: TtlSetOptions = { max: maybe<number>(), ttlMs: maybe<number>() };
  createTtlSet(dedupe);
  const options: RemoteOptions<Events> = {
    url: 'wss://relay.example/ws',
    channels: ['shop'],
    types: ['cart/added'],
    registry,
    token: maybe<string>(),
    publishTo: maybe<string>(),
    outboxLimit: maybe<number>(),
    backoff: maybe<BackoffOptions>(),
    resume: maybe<RemoteOptions['resume'] & object>(),
    dedupe: maybe<TtlSetOptions>(),
    WebSocket: maybe<NonNullable<RemoteOptions['WebSocket']>>(),
    source: maybe<string>(),
    secret: maybe<string>(),
    rewind: maybe<number>(),
    since: maybe<Date | string | number>(),
    onStatus: maybe<NonNullable<RemoteOptions['onStatus']>>(),
    onResync: maybe<NonNullable<RemoteOptions['onResync']>>(),
    onError: maybe<(error: Error) => void>(),
    onInvalid: maybe<NonNullable<RemoteOptions['onInvalid']>>(),
  };
  connectRemote(bus, options);
  // The user's report: a maybe-undefined token and rewind, inline.
  const token = maybe<string>();
  const rewind = maybe<number>();
  connectRemote(bus, { url: 'wss://relay.example/ws', channels: ['shop'], types: ['cart/added'], registry, token, rewind });
  connectRemote(bus, {
    url: 'wss://relay.example/ws',
    channels: ['shop'],
    types: ['cart/added'],
    registry,
    backoff: { initialMs: maybe<number>(), maxMs: maybe<number>(), factor: maybe<number>() },
    dedupe: { max: maybe<number>(), ttlMs: maybe<number>() },
  });
};

export const tabs = () => {
  const options: TabsOptions<Events> = {
    channel: 'shop',
    types: ['cart/added'],
    registry,
    syncSticky: maybe<boolean>(),
    syncWaitMs: maybe<number>(),
    dedupe: maybe<TtlSetOptions>(),
    onError: maybe<(error: Error) => void>(),
    onInvalid: maybe<(error: Error, message: unknown) => void>(),
    BroadcastChannel: maybe<new (name: string) => BroadcastChannelLike>(),
  };
  connectTabs(bus, options);
  connectTabs(bus, { channel: 'shop', types: ['cart/added'], registry, syncWaitMs: maybe<number>(), dedupe: { max: maybe<number>() } });
};

export const relay = async () => {
  const memory: MemoryEngineOptions = { retain: maybe<number>(), batchMs: maybe<number>(), channelTtlMs: maybe<number>() };
  const redis: RedisEngineOptions = {
    url: 'redis://127.0.0.1:6379',
    prefix: maybe<string>(),
    maxLength: maybe<number>(),
    readCount: maybe<number>(),
    batchMs: maybe<number>(),
    connectTimeoutMs: maybe<number>(),
    channelTtlMs: maybe<number>(),
    onError: maybe<(error: Error) => void>(),
    log: maybe<(message: string) => void>(),
  };
  const options: RelayOptions = {
    port: maybe<number>(),
    host: maybe<string>(),
    channels: ['shop'],
    engine: maybe<ReturnType<typeof createMemoryEngine>>(),
    authorize: maybe<NonNullable<RelayOptions['authorize']>>(),
    origins: maybe<NonNullable<RelayOptions['origins']>>(),
    registry: maybe<typeof registry>(),
    maxFrameBytes: maybe<number>(),
    hardFrameBytes: maybe<number>(),
    maxEventBytes: maybe<number>(),
    rateLimit: maybe<{ perSecond: number; burst: number } | false>(),
    maxBufferedBytes: maybe<number>(),
    heartbeatMs: maybe<number>(),
    replayPage: maybe<number>(),
    helloTimeoutMs: maybe<number>(),
    maxConnections: maybe<number>(),
    sourceLeaseMs: maybe<number>(),
    log: maybe<(message: string) => void>(),
  };
  await createRelay({ ...options, engine: createMemoryEngine(memory) });
  await createRelay({ channels: ['shop'], engine: await createRedisEngine(redis) });
  // The user's report.
  await createRelay({ port: maybe<number>(), channels: ['shop'] });
};

export const saga = () => {
  const steps = ['cart/added', 'order/paid'] as const;
  const options: SagaOptions<Events, typeof steps> = {
    name: 'checkout',
    steps,
    correlate: () => 'key',
    complete: () => {},
    timeout: maybe<number>(),
    onTimeout: maybe<NonNullable<SagaOptions<Events, typeof steps>['onTimeout']>>(),
    duplicateWindow: maybe<number>(),
    maxPending: maybe<number>(),
  };
  createSaga(bus, options);
  createSaga(bus, {
    name: 'checkout',
    steps,
    correlate: () => 'key',
    complete: () => {},
    timeout: maybe<number>(),
    maxPending: maybe<number>(),
  });
};

export const devtools = () => {
  const limits: Partial<SerializeLimits> | DevtoolsOptions['limits'] = {
    maxDepth: maybe<number>(),
    maxKeys: maybe<number>(),
    maxString: maybe<number>(),
    maxBytes: maybe<number>(),
  };
  const options: DevtoolsOptions = {
    name: maybe<string>(),
    enabled: maybe<boolean>(),
    sanitize: maybe<NonNullable<DevtoolsOptions['sanitize']>>(),
    redact: maybe<readonly (string | RegExp)[]>(),
    maxBuffer: maybe<number>(),
    allowDispatch: maybe<boolean>(),
    registry: maybe<typeof registry>(),
    trace: maybe<boolean>(),
    limits: maybe<NonNullable<DevtoolsOptions['limits']>>(),
    allow: maybe<NonNullable<DevtoolsOptions['allow']>>(),
    deny: maybe<NonNullable<DevtoolsOptions['deny']>>(),
    sample: maybe<Readonly<Record<string, number>>>(),
    maxPerSecond: maybe<Readonly<Record<string, number>>>(),
    leaks: maybe<NonNullable<DevtoolsOptions['leaks']>>(),
  };
  connectDevtools(bus, options);
  connectDevtoolsAlwaysOn(bus, options);
  connectDevtools(bus, {
    limits: { maxDepth: maybe<number>(), maxKeys: maybe<number>(), maxString: maybe<number>(), maxBytes: maybe<number>() },
    leaks: { growthChecks: maybe<number>(), minGrowth: maybe<number>(), intervalMs: maybe<number>() },
  });
  void limits;

  const panel: FloatingPanelOptions = {
    open: maybe<boolean>(),
    position: maybe<'bottom-left'>(),
    height: maybe<string>(),
    container: maybe<HTMLElement>(),
    buttonLabel: maybe<string>(),
  };
  mountFloatingPanel(panel);
  mountFloatingPanelAlwaysOn({ open: maybe<boolean>(), height: maybe<string>() });
};

export const testing = async () => {
  const replay: ReplayOptions = {
    registry: maybe<typeof registry>(),
    settle: maybe<() => unknown>(),
  };
  await replayRecording(bus, [], replay);
  const wait: WaitForEventOptions<Events['cart/added']> = { timeout: maybe<number>(), where: maybe<(e: { sku: string }) => boolean>() };
  await waitForEvent(bus, 'cart/added', wait);

  const page = maybe<Parameters<typeof recordBus>[0]>() as Parameters<typeof recordBus>[0];
  const recordOptions: RecordBusOptions = { bus: maybe<string>(), timeout: maybe<number>() };
  const recorder = await recordBus<Events>(page, recordOptions);
  const waitOptions: WaitForOptions<unknown> = { where: maybe<(record: unknown) => boolean>(), timeout: maybe<number>() };
  void waitOptions;
  await recorder.waitFor('cart/added', { where: maybe<(e: { payload: { sku: string } }) => boolean>(), timeout: maybe<number>() });
  await recorder.waitForError({ where: maybe(), timeout: maybe<number>() });
  await recorder.waitForMiddleware({ where: maybe(), timeout: maybe<number>() });
  await recorder.waitForEntry({ where: maybe(), timeout: maybe<number>() });
  await recorder.dispatch(
    'cart/added',
    { sku: 'tea' },
    {
      bus: maybe<string>(),
      mode: maybe<'dispatch' | 'replay'>(),
      timeout: maybe<number>(),
      eventVersion: maybe<number>(),
    },
  );
  const replayOptions: RecorderReplayOptions = { bus: maybe<string>(), quietMs: maybe<number>(), timeout: maybe<number>() };
  await recorder.replay([], replayOptions);
};
