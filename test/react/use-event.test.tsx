// @vitest-environment happy-dom
// biome-ignore-all lint/correctness/noComponentHookFactories: test components close over each test's own bus and spies
import { act, cleanup, render } from '@testing-library/react';
import { type ReactNode, StrictMode, Suspense, startTransition, useLayoutEffect, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Bus, createBus, type EventMap, inspect, type Observation, subscriptionsOf } from '../../src/index';
import { BusProvider, createBusHooks, type UseEventOptions, useEvent } from '../../src/react/index';
import { pending } from './pending';

type Events = { 'cart/added': { sku: string }; 'cart/cleared': undefined; other: number };
afterEach(cleanup);

const { useEvent: useShopEvent } = createBusHooks<Events>();

/** Counts subscribe and unsubscribe observations on a bus. */
const watch = <E extends EventMap>(bus: Bus<E>) => {
  const counts = { subscribe: 0, unsubscribe: 0 };
  inspect(bus, (o: Observation) => {
    if (o.kind === 'subscribe' || o.kind === 'unsubscribe') counts[o.kind]++;
  });
  return counts;
};

function Listener({ on, options, eventKey = 'cart/added' }: { on: (e: unknown) => void; options?: UseEventOptions; eventKey?: string }) {
  useEvent(eventKey, on, options);
  return null;
}

describe('useEvent', () => {
  it('delivers each event exactly once under StrictMode double mount', () => {
    const bus = createBus<Events>();
    const received: string[] = [];
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <Listener on={(e) => received.push((e as Events['cart/added']).sku)} />
        </BusProvider>
      </StrictMode>,
    );
    bus.emit('cart/added', { sku: 'tea' });
    bus.emit('cart/added', { sku: 'milk' });
    expect(received).toEqual(['tea', 'milk']);
    expect(subscriptionsOf(bus)).toHaveLength(1);
  });

  it('subscribes to a pattern, typed by the matching keys, once under StrictMode', () => {
    const bus = createBus<Events>();
    const types: string[] = [];
    function CartWatcher() {
      useShopEvent('cart/*', (_event, ctx) => void types.push(ctx.type));
      return null;
    }
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <CartWatcher />
        </BusProvider>
      </StrictMode>,
    );
    bus.emit('cart/added', { sku: 'tea' });
    bus.emit('other', 1);
    bus.emit('cart/cleared');
    expect(types).toEqual(['cart/added', 'cart/cleared']);
    expect(subscriptionsOf(bus)).toMatchObject([{ type: 'cart/*' }]);
  });

  it('unsubscribes on unmount', () => {
    const bus = createBus<Events>();
    const on = vi.fn();
    const { unmount } = render(
      <BusProvider bus={bus}>
        <Listener on={on} />
      </BusProvider>,
    );
    bus.emit('cart/added', { sku: 'a' });
    unmount();
    bus.emit('cart/added', { sku: 'b' });
    expect(on).toHaveBeenCalledTimes(1);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  it('calls the latest handler after re-renders without re-subscribing', () => {
    const bus = createBus<Events>();
    const counts = watch(bus);
    const calls: string[] = [];
    let bump = () => {};
    function Counter() {
      const [n, setN] = useState(0);
      bump = () => setN((x) => x + 1);
      useEvent('cart/added', (e) => calls.push(`render ${n}: ${(e as Events['cart/added']).sku}`));
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Counter />
      </BusProvider>,
    );
    bus.emit('cart/added', { sku: 'a' });
    act(() => bump());
    act(() => bump());
    bus.emit('cart/added', { sku: 'b' });
    expect(calls).toEqual(['render 0: a', 'render 2: b']);
    expect(counts).toEqual({ subscribe: 1, unsubscribe: 0 });
  });

  it('returns the handler result, so publish awaits async handlers and reports their errors', async () => {
    const bus = createBus<Events>({ onError: () => {} });
    const boom = new Error('boom');
    render(
      <BusProvider bus={bus}>
        <Listener
          on={async () => {
            await Promise.resolve();
            throw boom;
          }}
        />
      </BusProvider>,
    );
    const report = await bus.publish('cart/added', { sku: 'a' });
    expect(report.delivered).toBe(1);
    expect(report.errors).toEqual([boom]);
  });

  it('re-subscribes when the key changes, and only then', () => {
    const bus = createBus<Events>();
    const counts = watch(bus);
    const on = vi.fn();
    const { rerender } = render(
      <BusProvider bus={bus}>
        <Listener on={on} eventKey="cart/added" />
      </BusProvider>,
    );
    rerender(
      <BusProvider bus={bus}>
        <Listener on={on} eventKey="cart/added" />
      </BusProvider>,
    );
    expect(counts).toEqual({ subscribe: 1, unsubscribe: 0 });
    rerender(
      <BusProvider bus={bus}>
        <Listener on={on} eventKey="other" />
      </BusProvider>,
    );
    expect(counts).toEqual({ subscribe: 2, unsubscribe: 1 });
    bus.emit('cart/added', { sku: 'a' });
    bus.emit('other', 7);
    expect(on.mock.calls.map((c) => c[0])).toEqual([7]);
    expect(subscriptionsOf(bus).map((s) => s.type)).toEqual(['other']);
  });

  it('re-subscribes when priority changes, keeping run order right', () => {
    const bus = createBus<Events>();
    const order: string[] = [];
    const view = (priority: number) => (
      <BusProvider bus={bus}>
        <Listener on={() => order.push('first')} />
        <Listener on={() => order.push('second')} options={{ priority }} />
      </BusProvider>
    );
    const { rerender } = render(view(0));
    bus.emit('cart/added', { sku: 'a' });
    rerender(view(5));
    bus.emit('cart/added', { sku: 'b' });
    expect(order).toEqual(['first', 'second', 'second', 'first']);
    expect(
      subscriptionsOf(bus)
        .map((s) => s.priority)
        .sort(),
    ).toEqual([0, 5]);
  });

  it('calls the latest onError without re-subscribing when only its identity changes', () => {
    const bus = createBus<Events>();
    const counts = watch(bus);
    const errors: string[] = [];
    const boom = () => {
      throw new Error('boom');
    };
    const view = (tag: string) => (
      <BusProvider bus={bus}>
        <Listener on={boom} options={{ onError: (e) => errors.push(`${tag}: ${(e as Error).message}`) }} />
      </BusProvider>
    );
    const { rerender } = render(view('v1'));
    bus.emit('cart/added', { sku: 'a' });
    rerender(view('v2'));
    bus.emit('cart/added', { sku: 'b' });
    expect(errors).toEqual(['v1: boom', 'v2: boom']);
    expect(counts).toEqual({ subscribe: 1, unsubscribe: 0 });
  });

  it('falls back to the bus onError when the component passes none', () => {
    const busErrors: unknown[] = [];
    const bus = createBus<Events>({ onError: (e) => busErrors.push(e) });
    render(
      <BusProvider bus={bus}>
        <Listener
          on={() => {
            throw new Error('x');
          }}
        />
      </BusProvider>,
    );
    bus.emit('cart/added', { sku: 'a' });
    expect(busErrors).toHaveLength(1);
  });

  it('with once, delivers one event per mount', () => {
    const bus = createBus<Events>();
    const on = vi.fn();
    render(
      <StrictMode>
        <BusProvider bus={bus}>
          <Listener on={on} options={{ once: true }} />
        </BusProvider>
      </StrictMode>,
    );
    bus.emit('cart/added', { sku: 'a' });
    bus.emit('cart/added', { sku: 'b' });
    expect(on).toHaveBeenCalledTimes(1);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  it('subscribes only while enabled', () => {
    const bus = createBus<Events>();
    const on = vi.fn();
    const view = (enabled: boolean) => (
      <BusProvider bus={bus}>
        <Listener on={on} options={{ enabled }} />
      </BusProvider>
    );
    const { rerender } = render(view(false));
    bus.emit('cart/added', { sku: 'a' });
    rerender(view(true));
    bus.emit('cart/added', { sku: 'b' });
    rerender(view(false));
    bus.emit('cart/added', { sku: 'c' });
    expect(on.mock.calls.map((c) => c[0])).toEqual([{ sku: 'b' }]);
  });

  it('labels subscriptions: given label, else handler name, else useEvent(<key>)', () => {
    class OrderPlaced {
      static type = 'order/placed';
      readonly at = 0;
    }
    const bus = createBus<Events>();
    function onCartAdded() {}
    function Labels() {
      useEvent('cart/added', () => {}, { label: 'CartBadge' });
      useEvent('cart/added', onCartAdded);
      useEvent('cart/cleared', () => {});
      useEvent(OrderPlaced, () => {});
      useEvent('*', () => {});
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Labels />
      </BusProvider>,
    );
    expect(
      subscriptionsOf(bus)
        .map((s) => s.label)
        .sort(),
    ).toEqual(['CartBadge', 'onCartAdded', 'useEvent(cart/cleared)', 'useEvent(order/placed)', 'useEvent(*)'].sort());
  });

  it('receives class events with their subclasses, and every event with "*"', () => {
    class OrderEvent {
      static type = 'order';
      constructor(readonly id: string) {}
    }
    class OrderPlaced extends OrderEvent {
      static override type = 'order/placed';
    }
    const bus = createBus<Events>();
    const orders: string[] = [];
    const all: string[] = [];
    function Audit() {
      useEvent(OrderEvent, (o) => orders.push(`${o.constructor.name}:${o.id}`));
      useEvent('*', (_e, ctx) => all.push(ctx.type));
      return null;
    }
    render(
      <BusProvider bus={bus}>
        <Audit />
      </BusProvider>,
    );
    bus.emit(new OrderPlaced('o1'));
    bus.emit('cart/cleared');
    expect(orders).toEqual(['OrderPlaced:o1']);
    expect(all).toEqual(['order/placed', 'cart/cleared']);
  });

  it('moves every subscription to the new bus when the provider swaps buses', () => {
    const first = createBus<Events>({ name: 'first' });
    const second = createBus<Events>({ name: 'second' });
    const got: string[] = [];
    function Tagged() {
      useShopEvent('cart/added', (item, ctx) => got.push(`${item.sku}@${ctx.id.split('-')[0]}`));
      return null;
    }
    const view = (bus: Bus<Events>) => (
      <BusProvider bus={bus}>
        <Tagged />
        <Tagged />
      </BusProvider>
    );
    const { rerender } = render(view(first));
    rerender(view(second));
    expect(subscriptionsOf(first)).toEqual([]);
    expect(subscriptionsOf(second)).toHaveLength(2);
    first.emit('cart/added', { sku: 'lost' });
    second.emit('cart/added', { sku: 'tea' });
    expect(got).toEqual(['tea@second', 'tea@second']);
  });

  it('mounts and unmounts 1,000 listeners leaving no subscription behind', () => {
    const bus = createBus<Events>();
    let delivered = 0;
    const ids = Array.from({ length: 1000 }, (_, i) => `listener-${i}`);
    const many = ids.map((id) => <Listener key={id} on={() => delivered++} />);
    const { unmount } = render(
      <StrictMode>
        <BusProvider bus={bus}>{many}</BusProvider>
      </StrictMode>,
    );
    expect(subscriptionsOf(bus)).toHaveLength(1000);
    bus.emit('cart/added', { sku: 'a' });
    expect(delivered).toBe(1000);
    unmount();
    expect(subscriptionsOf(bus)).toHaveLength(0);
  });

  it('subscribes nothing for a render that React never commits', async () => {
    const bus = createBus<Events>();
    const never = pending();
    let rendered = 0;
    function Stuck() {
      never.wait();
      return null;
    }
    function Counted() {
      rendered++;
      useEvent('cart/added', () => {});
      return null;
    }
    let show = () => {};
    function App() {
      const [shown, setShown] = useState(false);
      show = () => setShown(true);
      return (
        <Suspense fallback="loading">
          {shown && (
            <>
              <Counted />
              <Stuck />
            </>
          )}
        </Suspense>
      );
    }
    render(
      <BusProvider bus={bus}>
        <App />
      </BusProvider>,
    );
    await act(async () => startTransition(() => show()));
    expect(rendered).toBeGreaterThan(0);
    expect(subscriptionsOf(bus)).toEqual([]);
  });

  it('rejects a handler that is not a function, naming what it got', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<Events>();
    expect(() =>
      render(
        <BusProvider bus={bus}>
          <Listener on={undefined as unknown as () => void} />
        </BusProvider>,
      ),
    ).toThrow('[hubbub] useEvent(key, handler) needs a function as its handler; got undefined.');
    vi.restoreAllMocks();
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{ type: 'cart/added' }, 'object'],
  ])('rejects %s as a key with an error that names the hook, when it renders', (bad, got) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus<Events>();
    function Bad() {
      useEvent(bad as unknown as 'cart/added', () => {});
      return null;
    }
    expect(() =>
      render(
        <BusProvider bus={bus}>
          <Bad />
        </BusProvider>,
      ),
    ).toThrow(`[hubbub] useEvent(key, handler) needs a string key or an event class; got ${got}.`);
    vi.restoreAllMocks();
  });

  // A sibling's layout effect runs in the same commit as the change, before React's passive
  // effects replace the subscription: the old one is still on the bus then, and must stay silent.
  describe.each([
    ['plain', ({ children }: { children: ReactNode }) => <>{children}</>],
    ['StrictMode', ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>],
  ])('in the commit that replaces or removes the subscription (%s)', (_, Wrap) => {
    /** Emits `events` from a layout effect whenever `when` turns true. */
    function EmitOnCommit({ bus, when, events }: { bus: Bus<Events>; when: boolean; events: [keyof Events, string][] }) {
      useLayoutEffect(() => {
        if (when) for (const [key, sku] of events) bus.emit(key as 'cart/added', { sku });
      }, [bus, when, events]);
      return null;
    }

    it('delivers nothing to a component that is unmounting', () => {
      const bus = createBus<Events>();
      const got: string[] = [];
      const events: [keyof Events, string][] = [['cart/added', 'after unmount']];
      const app = (show: boolean) => (
        <Wrap>
          <BusProvider bus={bus}>
            {show && <Listener on={(e) => got.push((e as { sku: string }).sku)} />}
            <EmitOnCommit bus={bus} when={!show} events={events} />
          </BusProvider>
        </Wrap>
      );
      const { rerender } = render(app(true));
      rerender(app(false));
      expect(got).toEqual([]);
      expect(subscriptionsOf(bus)).toEqual([]);
    });

    it("gives the new key's handler no event of the old key, and the new key's events once subscribed", () => {
      const bus = createBus<Events>();
      const got: string[] = [];
      const events: [keyof Events, string][] = [['cart/added', 'old key']];
      const app = (eventKey: string) => (
        <Wrap>
          <BusProvider bus={bus}>
            <Listener eventKey={eventKey} on={(e) => got.push(`${eventKey}: ${JSON.stringify(e)}`)} />
            <EmitOnCommit bus={bus} when={eventKey === 'other'} events={events} />
          </BusProvider>
        </Wrap>
      );
      const { rerender } = render(app('cart/added'));
      rerender(app('other'));
      act(() => bus.emit('other', 7));
      expect(got).toEqual(['other: 7']);
    });

    it('delivers nothing once enabled turns false', () => {
      const bus = createBus<Events>();
      const got: string[] = [];
      const events: [keyof Events, string][] = [['cart/added', 'while disabled']];
      const app = (enabled: boolean) => (
        <Wrap>
          <BusProvider bus={bus}>
            <Listener on={(e) => got.push((e as { sku: string }).sku)} options={{ enabled }} />
            <EmitOnCommit bus={bus} when={!enabled} events={events} />
          </BusProvider>
        </Wrap>
      );
      const { rerender } = render(app(true));
      rerender(app(false));
      expect(got).toEqual([]);
    });

    it('with once, passing another named function neither re-subscribes nor fires again', () => {
      const bus = createBus<Events>();
      const counts = watch(bus);
      const got: string[] = [];
      function onFirst(e: unknown) {
        got.push(`first ${(e as { sku: string }).sku}`);
      }
      function onSecond(e: unknown) {
        got.push(`second ${(e as { sku: string }).sku}`);
      }
      const app = (first: boolean) => (
        <Wrap>
          <BusProvider bus={bus}>
            <Listener on={first ? onFirst : onSecond} options={{ once: true }} />
          </BusProvider>
        </Wrap>
      );
      const { rerender } = render(app(true));
      const subscribed = counts.subscribe;
      act(() => bus.emit('cart/added', { sku: 'a' }));
      rerender(app(false));
      act(() => bus.emit('cart/added', { sku: 'b' }));
      expect(got).toEqual(['first a']);
      expect(counts.subscribe).toBe(subscribed);
      expect(subscriptionsOf(bus).map((s) => s.label)).toEqual([]);
    });
  });
});
