/**
 * The source of a generated app that uses every typed API of hubbub on an event map of `count`
 * keys, and of the same app on mitt's `Emitter<Events>` (the baseline: what a typed map costs
 * there). Every file must compile without errors: its `@ts-expect-error` lines are the mistakes
 * that must stay errors, and its `Equal` checks are the inference that must stay exact.
 */
import { appEventKeys, appPatterns, type GeneratedKey } from './app-events.ts';

/** What to generate. */
export interface AppOptions {
  /** Keys in the event map. */
  readonly keys: number;
  /** Call sites per API (spread evenly over the keys). Default: 100, or the number of keys if fewer. */
  readonly calls?: number | undefined;
  /** `type AppEvents = {...}` or `interface AppEvents {...}`. Default `'type'`. */
  readonly mapStyle?: 'type' | 'interface' | undefined;
}

/** File name to source text, all in one folder. */
export type AppFiles = Record<string, string>;

/** `count` keys spread evenly over `keys`, in order. */
const spread = <T>(items: readonly T[], count: number): T[] => {
  const step = items.length / Math.max(1, Math.min(count, items.length));
  return Array.from({ length: Math.min(count, items.length) }, (_, index) => items[Math.floor(index * step)] as T);
};

const quoted = (text: string): string => `'${text}'`;
const union = (names: readonly string[]): string => names.map(quoted).join(' | ');
/** The arguments after the key: the payload when one is required. */
const payloadArguments = (key: GeneratedKey): string => (key.value === undefined ? '' : `, ${key.value}`);
/** A statement reading the key's payload in a handler, proving it is typed (never `any`, never `unknown`). */
const readPayload = (key: GeneratedKey, variable: string): string =>
  key.field === undefined ? `void ${variable};` : `void ${variable}.${key.field};`;
const className = (words: readonly string[]): string => words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');

const sharedTypes = `export interface Money { readonly amount: number; readonly currency: string }
export interface UserRef { readonly id: string; readonly name: string }
export interface CartLine { readonly sku: string; readonly qty: number; readonly price: Money }
/** True when A and B are the same type (the usual type-test helper). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;`;

const eventMapSource = (keys: readonly GeneratedKey[], mapStyle: 'type' | 'interface'): string => {
  const entries = keys.map((key) => `  '${key.name}': ${key.payload};`).join('\n');
  return mapStyle === 'interface' ? `export interface AppEvents {\n${entries}\n}` : `export type AppEvents = {\n${entries}\n};`;
};

/** The class hierarchy: DomainEvent, one base per domain, leaves under each base. */
const classEvents = (keys: readonly GeneratedKey[]) => {
  const domains = [...new Set(keys.map((key) => key.domain))];
  const leavesPerDomain = Math.max(1, Math.ceil(keys.length / 50 / domains.length));
  const bases = domains.map((domain) => ({ domain, name: `${className([domain])}Event` }));
  const leaves = bases.flatMap((base) =>
    Array.from({ length: leavesPerDomain }, (_, index) => ({ base, name: `${className([base.domain, 'changed'])}${index + 1}` })),
  );
  const source = [
    `export abstract class DomainEvent {\n  static type = 'DomainEvent';\n  readonly at: number = 0;\n}`,
    ...bases.map(
      (base) =>
        `export class ${base.name} extends DomainEvent {\n  static override type = '${base.name}';\n  constructor(readonly ${base.domain}Id: string) {\n    super();\n  }\n}`,
    ),
    ...leaves.map(
      (leaf, index) =>
        `export class ${leaf.name} extends ${leaf.base.name} {\n  static override type = '${leaf.name}';\n  static version = ${1 + (index % 3)};\n  readonly revision: number = ${index};\n}`,
    ),
  ].join('\n');
  return { bases, leaves, source };
};

/**
 * The files of an app on hubbub: the map and bus, bus calls, React hooks, test helpers, the
 * registry and transports, and the mistakes that must be errors.
 *
 * @example
 * const files = hubbubAppFiles({ keys: 2000 }) // { 'events.ts': ..., 'bus-calls.ts': ..., ... }
 */
export const hubbubAppFiles = (options: AppOptions): AppFiles => {
  const keys = appEventKeys(options.keys);
  const used = spread(keys, options.calls ?? 100);
  const patterns = spread(appPatterns(keys), Math.max(8, Math.ceil((options.calls ?? 100) / 4)));
  const classes = classEvents(keys);
  const sticky = spread(keys, 10);
  const nextOf = (index: number): GeneratedKey => used[(index + 1) % used.length] as GeneratedKey;
  const withPayload = used.filter((key) => key.value !== undefined);

  const events = `import { createBus } from 'hubbub';

${sharedTypes}

${eventMapSource(keys, options.mapStyle ?? 'type')}

${classes.source}

export const bus = createBus<AppEvents>({ name: 'app', sticky: [${sticky.map((key) => quoted(key.name)).join(', ')}, DomainEvent] });
`;

  const busCalls = `import type { Bus, Emit, Handler, Middleware, Publish, PublishReport } from 'hubbub';
import { connectDevtools } from 'hubbub/devtools';
import { ${['type AppEvents', 'bus', 'DomainEvent', 'type Equal', ...classes.bases.map((base) => base.name), ...classes.leaves.map((leaf) => leaf.name)].join(', ')} } from './events.ts';

declare const attachLogger: (bus: Bus) => void;
attachLogger(bus);
connectDevtools(bus, { name: 'app' });
export const emit: Emit<AppEvents> = bus.emit;
export const publish: Publish<AppEvents> = bus.publish;

${used
  .map(
    (key, index) => `bus.subscribe('${key.name}', (payload, ctx) => {
  ${readPayload(key, 'payload')}
  const type: '${key.name}' = ctx.type;
  ctx.emit('${nextOf(index).name}'${payloadArguments(nextOf(index))});
  void ctx.publish('${key.name}'${payloadArguments(key)});
  void type;
}, { priority: ${index % 3}, label: 'handler ${index}', onError: (error, payload) => {
  void error;
  void payload;
} });
bus.emit('${key.name}'${payloadArguments(key)});
export const report${index}: Promise<PublishReport> = bus.publish('${key.name}'${payloadArguments(key)});
export const last${index} = bus.last('${key.name}');
`,
  )
  .join('')}
${patterns
  .map(
    (entry, index) => `bus.subscribe('${entry.pattern}', (event, ctx) => {
  const exactType: Equal<typeof ctx.type, ${union(entry.keys)}> = true;
  const exactEvent: Equal<typeof event, AppEvents[${union(entry.keys)}]> = true;
  void [exactType, exactEvent];
}, { label: 'pattern ${index}' });
`,
  )
  .join('')}
bus.subscribe('*', (event, ctx) => {
  void event;
  void ctx.correlationId;
});
bus.subscribe(DomainEvent, (event, ctx) => void [event.at, ctx.type]);
${classes.bases.map((base) => `bus.subscribe(${base.name}, (event) => void event.${base.domain}Id);`).join('\n')}
${classes.leaves.map((leaf) => `bus.subscribe(${leaf.name}, (event, ctx) => ctx.emit(new ${leaf.name}(String(event.revision))));\nbus.emit(new ${leaf.name}('id'));\nvoid bus.publish(new ${leaf.name}('id'));`).join('\n')}
export const lastDomainEvent: DomainEvent | undefined = bus.last(DomainEvent);

const auth: Middleware<AppEvents> = (event, ctx) => (ctx.type.startsWith('admin/') ? ctx.block('admin only') : event);
bus.use(auth, { name: 'auth' });
bus.use((event, ctx) => (ctx.depth > 8 ? null : event), { name: 'depth' });
bus.use(async (event) => event);

export const onFirst: Handler<AppEvents['${used[0]?.name}'], AppEvents> = (payload, ctx) => void [payload, ctx.id];
bus.subscribe('${used[0]?.name}', onFirst);

export function attachTo<E extends { '${used[0]?.name}': AppEvents['${used[0]?.name}'] }>(generic: Bus<E>) {
  generic.subscribe('${used[0]?.name}', (payload, ctx) => void [payload, ctx.type]);
}
attachTo(bus);
`;

  const mistakes = `import { bus } from './events.ts';
import { createBusHooks } from 'hubbub/react';
import { type AppEvents } from './events.ts';

const hooks = createBusHooks<AppEvents>();

export function Mistakes() {
${used
  .slice(0, 10)
  .map(
    (key) => `  // @ts-expect-error a typo'd key
  bus.emit('${key.name}x'${payloadArguments(key)});
  // @ts-expect-error a typo'd key
  bus.subscribe('${key.name}x', () => {});
  // @ts-expect-error a typo'd key
  hooks.useEvent('${key.name}x', () => {});
`,
  )
  .join('')}${withPayload
  .slice(0, 10)
  .map(
    (key) => `  // @ts-expect-error a missing payload
  bus.emit('${key.name}');
  // @ts-expect-error a wrong payload
  bus.emit('${key.name}', Symbol());
`,
  )
  .join('')}${patterns
  .filter((entry) => !entry.pattern.startsWith('*'))
  .slice(0, 10)
  .map(
    (entry) => `  // @ts-expect-error a typo'd pattern
  bus.subscribe('${entry.pattern.replace(/^[^*/]+/, (domain) => `${domain}z`)}', () => {});
`,
  )
  .join('')}  return null;
}
`;

  const react = `import { createBusHooks, type UseEvent } from 'hubbub/react';
import { type AppEvents, bus, type Equal, ${classes.leaves[0]?.name ?? 'DomainEvent'} } from './events.ts';

export const { BusProvider, useBus, useEvent, usePublish, useLatestEvent } = createBusHooks<AppEvents>();
export const typedUseEvent: UseEvent<AppEvents> = useEvent;

${used
  .map(
    (key, index) => `export function Component${index}() {
  useEvent('${key.name}', (payload, ctx) => {
    ${readPayload(key, 'payload')}
    void ctx.publish('${nextOf(index).name}'${payloadArguments(nextOf(index))});
  }, { priority: 1, enabled: true });
  const publish = usePublish();
  const latest = useLatestEvent('${key.name}');
  return <button type="button" onClick={() => void publish('${key.name}'${payloadArguments(key)})}>{String(latest)}</button>;
}
`,
  )
  .join('')}
${patterns
  .map(
    (entry, index) => `export function PatternComponent${index}() {
  useEvent('${entry.pattern}', (_event, ctx) => {
    const exactType: Equal<typeof ctx.type, ${union(entry.keys)}> = true;
    void exactType;
  });
  return null;
}
`,
  )
  .join('')}
export function ClassComponent() {
  useEvent(${classes.leaves[0]?.name ?? 'DomainEvent'}, (event) => void event);
  const latest = useLatestEvent(${classes.leaves[0]?.name ?? 'DomainEvent'});
  const typedBus = useBus();
  typedBus.emit('${used[0]?.name}'${payloadArguments(used[0] as GeneratedKey)});
  return <>{String(latest)}</>;
}

export const App = () => (
  <BusProvider bus={bus}>
    <Component0 />
    <ClassComponent />
  </BusProvider>
);
`;

  const testing = `import { events, once } from 'hubbub';
import { createTestBus, waitForEvent } from 'hubbub/testing';
import { type AppEvents, bus, type Equal } from './events.ts';

export const testBus = createTestBus<AppEvents>({ name: 'test' });

${used
  .map(
    (key, index) => `export async function scenario${index}(signal: AbortSignal) {
  const waiting = waitForEvent(testBus, '${key.name}', { where: (payload) => payload !== null, timeout: 50 });
  testBus.emit('${key.name}'${payloadArguments(key)});
  const received: AppEvents['${key.name}'] = await waiting;
  const next: AppEvents['${key.name}'] = await once(bus, '${key.name}', { signal });
  for await (const payload of events(bus, '${key.name}', { signal })) {
    ${readPayload(key, 'payload')}
    break;
  }
  return [received, next, testBus.published.length];
}
`,
  )
  .join('')}
${patterns
  .map(
    (entry, index) => `export async function patternScenario${index}() {
  const any = await waitForEvent(testBus, '${entry.pattern}');
  const exact: Equal<typeof any, AppEvents[${union(entry.keys)}]> = true;
  const onceAny = await once(bus, '${entry.pattern}');
  return [exact, onceAny];
}
`,
  )
  .join('')}`;

  const registry = `import { createRegistry, createSaga } from 'hubbub';
import { connectRemote } from 'hubbub/remote';
import { connectTabs } from 'hubbub/tabs';
import { type AppEvents, bus, ${classes.leaves.map((leaf) => leaf.name).join(', ')} } from './events.ts';

export const registry = createRegistry<AppEvents>()
${used.map((key, index) => `  .define('${key.name}', { version: ${1 + (index % 3)}, upcasters: { ${index % 3 === 0 ? '' : `${index % 3}: (old: unknown) => old`} } })`).join('\n')}
${classes.leaves.map((leaf) => `  .define(${leaf.name})`).join('\n')};

${withPayload.map((key, index) => `export const envelope${index} = registry.encode('${key.name}'${payloadArguments(key)});`).join('\n')}

const types = [${used.map((key) => quoted(key.name)).join(', ')}, ${classes.leaves.map((leaf) => leaf.name).join(', ')}] as const;
connectTabs(bus, { channel: 'app', types, registry });
connectRemote(bus, { url: 'wss://relay.example/ws', channels: ['app'], types, registry });

${spread(used, Math.max(1, Math.floor(used.length / 10)))
  .map(
    (key, index) => `createSaga(bus, {
  name: 'saga ${index}',
  steps: ['${key.name}', ${classes.leaves[index % classes.leaves.length]?.name}],
  correlate: () => 'one',
  complete: ([first, second], ctx) => void [first, second.revision, ctx.correlationId],
});`,
  )
  .join('\n')}
`;

  return {
    'events.ts': events,
    'bus-calls.ts': busCalls,
    'react.tsx': react,
    'testing.ts': testing,
    'registry.ts': registry,
    'mistakes.tsx': mistakes,
  };
};

/**
 * The same map on mitt (`Emitter<AppEvents>`): the subscriptions, emits and `'*'` handler mitt
 * has, for a baseline of what a typed map of this size costs.
 *
 * @example
 * const files = mittAppFiles({ keys: 2000 }) // { 'events.ts': ..., 'bus-calls.ts': ... }
 */
export const mittAppFiles = (options: AppOptions): AppFiles => {
  const keys = appEventKeys(options.keys);
  const used = spread(keys, options.calls ?? 100);
  const nextOf = (index: number): GeneratedKey => used[(index + 1) % used.length] as GeneratedKey;
  // mitt's emit takes the payload for every key; an optional one may be left out only when it may be undefined.
  const mittPayload = (key: GeneratedKey): string => (key.value === undefined ? '' : `, ${key.value}`);
  const events = `import mitt from 'mitt';

${sharedTypes}

${eventMapSource(keys, options.mapStyle ?? 'type')}

export const emitter = mitt<AppEvents>();
`;
  const calls = `import type { Emitter } from 'mitt';
import { type AppEvents, emitter } from './events.ts';

declare const attachLogger: (emitter: Emitter<Record<string, unknown>>) => void;
attachLogger(emitter as unknown as Emitter<Record<string, unknown>>);

${used
  .map(
    (key, index) => `emitter.on('${key.name}', (payload) => {
  ${readPayload(key, 'payload')}
  emitter.emit('${nextOf(index).name}'${mittPayload(nextOf(index))});
});
emitter.emit('${key.name}'${mittPayload(key)});
`,
  )
  .join('')}
emitter.on('*', (type, event) => {
  void type;
  void event;
});
export const typed: Emitter<AppEvents> = emitter;
`;
  return { 'events.ts': events, 'bus-calls.ts': calls };
};

/** A line of {@link typoFile}: the entry it calls and the mistyped key or pattern its error must name. */
export interface TypoCase {
  readonly entry: string;
  readonly typo: string;
}

/**
 * A file of mistyped keys and patterns, one call a line, for the app of `hubbubAppFiles` with the
 * same options: every line is an error, and each error must name what was mistyped. Line `n` (from 1)
 * is `cases[n - firstLine]`.
 *
 * @example
 * const { text, cases, firstLine } = typoFile({ keys: 2000 })
 */
export const typoFile = (
  options: AppOptions,
): { readonly text: string; readonly cases: readonly TypoCase[]; readonly firstLine: number } => {
  const keys = appEventKeys(options.keys);
  const key = keys.find((candidate) => candidate.value !== undefined) as GeneratedKey;
  const typo = `${key.name}x`;
  const pattern = `${key.domain}z/*`;
  const payload = key.value as string;
  const calls: readonly (readonly [entry: string, typo: string, call: string])[] = [
    ['emit', typo, `bus.emit('${typo}', ${payload});`],
    ['publish', typo, `void bus.publish('${typo}', ${payload});`],
    ['subscribe', typo, `bus.subscribe('${typo}', () => {});`],
    ['subscribe (pattern)', pattern, `bus.subscribe('${pattern}', () => {});`],
    ['last', typo, `bus.last('${typo}');`],
    ['ctx.emit', typo, `bus.subscribe('${key.name}', (_, ctx) => ctx.emit('${typo}', ${payload}));`],
    ['createBus sticky', typo, `createBus<AppEvents>({ sticky: ['${typo}'] });`],
    ['useEvent', typo, `export const A = () => useEvent('${typo}', () => {});`],
    ['useEvent (pattern)', pattern, `export const B = () => useEvent('${pattern}', () => {});`],
    ['usePublish', typo, `export const C = () => void usePublish()('${typo}', ${payload});`],
    ['useLatestEvent', typo, `export const D = () => useLatestEvent('${typo}');`],
    ['test bus emit', typo, `createTestBus<AppEvents>().emit('${typo}', ${payload});`],
    ['waitForEvent', typo, `void waitForEvent(bus, '${typo}');`],
    ['waitForEvent (pattern)', pattern, `void waitForEvent(bus, '${pattern}');`],
    ['once', typo, `void once(bus, '${typo}');`],
    ['events', typo, `events(bus, '${typo}');`],
    ['registry.define', typo, `createRegistry<AppEvents>().define('${typo}');`],
    ['registry.encode', typo, `createRegistry<AppEvents>().encode('${typo}', ${payload});`],
  ];
  const header = `import { createBus, createRegistry, events, once } from 'hubbub';
import { createBusHooks } from 'hubbub/react';
import { createTestBus, waitForEvent } from 'hubbub/testing';
import { type AppEvents, bus } from './events.ts';

const { useEvent, usePublish, useLatestEvent } = createBusHooks<AppEvents>();
`;
  return {
    text: `${header}${calls.map(([, , call]) => call).join('\n')}\n`,
    cases: calls.map(([entry, mistyped]) => ({ entry, typo: mistyped })),
    firstLine: header.split('\n').length,
  };
};
