import { describe, expect, test } from 'vitest';
import { runScript, sourceUrl } from './process-exit-support';

/** A Node script with a bus, then `body`; `done` is printed when its synchronous part ended. */
const script = (body: string) => `
import { createBus, once, createSaga } from '${sourceUrl('index.ts')}';
const bus = createBus({ onError: (error) => console.log('handler failed:', error.message) });
const FOREVER = 2 ** 31 - 1;
// Longer than tsx takes to tear down, which keeps a process up a little past its last task.
const PAST_TEARDOWN = 1000;
${body}
console.log('done');
`;

describe('once() in a Node process', () => {
  test.each([
    ['a pending once() without a timeout keeps nothing alive', `once(bus, 'never').then(() => console.log('resolved'));`, 'done\n'],
    [
      'a once() that got its event leaves no timer behind',
      `once(bus, 'tick', { timeout: FOREVER }).then((n) => console.log('got', n));
      bus.emit('tick', 7);`,
      'done\ngot 7\n',
    ],
    [
      'an aborted once() leaves no timer behind',
      `const controller = new AbortController();
      once(bus, 'never', { timeout: FOREVER, signal: controller.signal }).catch((error) => console.log(error.name));
      controller.abort();`,
      'done\nAbortError\n',
    ],
    [
      'a pending timeout keeps the process until it fires, so the awaited answer is the TimeoutError',
      `once(bus, 'never', { timeout: PAST_TEARDOWN }).catch((error) => console.log(error.name));`,
      'done\nTimeoutError\n',
    ],
  ])('%s', async (_, body, printed) => {
    expect(await runScript(script(body))).toEqual({ code: 0, output: printed });
  });
});

describe('createSaga in a Node process', () => {
  const saga = (options: string) => `
    type Step = { orderId: string };
    const saga = createSaga(bus, {
      name: 'fulfillment',
      steps: ['payment/processed', 'inventory/reserved'],
      correlate: (event: Step) => event.orderId,
      complete: ([payment]: Step[]) => console.log('completed', payment?.orderId),
      onTimeout: (_got: unknown, orderId: string) => console.log('compensated', orderId),
      ${options}
    });`;

  test.each([
    [
      'a completed key leaves no timer (the duplicate window is read off the clock, not timed)',
      `${saga('timeout: FOREVER, duplicateWindow: FOREVER')}
      bus.emit('payment/processed', { orderId: 'o1' });
      bus.emit('inventory/reserved', { orderId: 'o1' });`,
      'completed o1\ndone\n',
    ],
    [
      'a pending key without a timeout keeps nothing alive',
      `${saga('')}
      bus.emit('payment/processed', { orderId: 'o1' });`,
      'done\n',
    ],
    [
      "a pending key's deadline keeps the process until onTimeout compensated",
      `${saga('timeout: PAST_TEARDOWN')}
      bus.emit('payment/processed', { orderId: 'o1' });`,
      'done\ncompensated o1\n',
    ],
    [
      'dispose() cancels the deadlines: the process exits without compensating',
      `${saga('timeout: FOREVER')}
      bus.emit('payment/processed', { orderId: 'o1' });
      saga.dispose();`,
      'done\n',
    ],
  ])('%s', async (_, body, printed) => {
    expect(await runScript(script(body))).toEqual({ code: 0, output: printed });
  });
});
