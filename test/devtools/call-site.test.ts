import { Script } from 'node:vm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallSiteFrame,
  captureCallSite,
  deferCallSite,
  isHubbubFrame,
  MAX_CALL_SITE_FRAMES,
  parseStack,
} from '../../src/devtools/call-site';
import { createBus, type Inspector, inspect } from '../../src/index';

/** Runs code as if it were a file at `filename` (real V8 frames with that path), returning what it evaluates to. */
const loadAs = <T>(filename: string, code: string): T => new Script(code, { filename }).runInThisContext() as T;

const PUBLISHED_CHUNK = '/app/node_modules/hubbub/dist/chunks/bus-3f2a9c.js';
const PUBLISHED_DEVTOOLS = '/app/node_modules/hubbub/dist/devtools.js';

/** A fake "library" frame, at a path of the published package: it only calls through. */
const libraryCall = loadAs<(through: () => unknown) => unknown>(PUBLISHED_CHUNK, '(function libraryCall(through) { return through(); })');

/** An inspector living where the published devtools bundle does: captures the call site of each event and hands it on. */
const devtoolsInspector = loadAs<<Trace>(capture: () => Trace, onTrace: (trace: Trace) => void) => Inspector>(
  PUBLISHED_DEVTOOLS,
  "(function devtoolsInspector(capture, onTrace) { return function inspector(o) { if (o.kind === 'event') onTrace(capture()); }; })",
);

/** This file's frame of the line that calls it. */
const hereFrame = (): CallSiteFrame => parseStack(new Error().stack)[1] as CallSiteFrame;

const originalPrepare = Error.prepareStackTrace;
const originalLimit = Error.stackTraceLimit;
afterEach(() => {
  Error.prepareStackTrace = originalPrepare;
  Error.stackTraceLimit = originalLimit;
});

describe('captureCallSite with real stacks', () => {
  it("names the page's emit call, without the bus's frames nor the devtools inspector's", () => {
    const bus = createBus<{ 'cart/added': number }>();
    const traces: CallSiteFrame[][] = [];
    inspect(
      bus,
      devtoolsInspector(captureCallSite, (frames) => traces.push(frames)),
    );
    let expected: CallSiteFrame | undefined;
    function addToCartButton() {
      expected = hereFrame();
      bus.emit('cart/added', 1);
    }
    addToCartButton();

    const [frames] = traces;
    expect(frames?.[0]).toEqual({
      ...expected,
      functionName: 'addToCartButton',
      line: (expected?.line ?? 0) + 1,
      column: expect.any(Number),
    });
    expect(frames?.every((frame) => !frame.url.includes('/src/core/') && !frame.url.startsWith(PUBLISHED_DEVTOOLS))).toBe(true);
    expect(frames?.some((frame) => frame.functionName === 'captureCallSite')).toBe(false);
  });

  it('works the same through publish', async () => {
    const bus = createBus<{ 'order/placed': string }>();
    const traces: CallSiteFrame[][] = [];
    inspect(
      bus,
      devtoolsInspector(captureCallSite, (frames) => traces.push(frames)),
    );
    async function checkout() {
      await bus.publish('order/placed', 'A-1');
    }
    await checkout();
    expect(traces[0]?.[0]?.functionName).toBe('checkout');
    expect(traces[0]?.[0]?.url).toMatch(/call-site\.test\.ts$/);
  });

  it('deferCallSite records the stack at the emit and parses it later, once, to the same frames', () => {
    const bus = createBus<{ 'cart/added': number }>();
    const deferred: (() => CallSiteFrame[])[] = [];
    const captured: CallSiteFrame[][] = [];
    inspect(
      bus,
      devtoolsInspector(deferCallSite, (trace) => deferred.push(trace)),
    );
    inspect(
      bus,
      devtoolsInspector(captureCallSite, (frames) => captured.push(frames)),
    );
    function addToCartButton() {
      bus.emit('cart/added', 1);
    }
    addToCartButton();
    const frames = deferred[0]?.();
    expect(frames?.[0]?.functionName).toBe('addToCartButton');
    expect(frames?.[0]).toEqual(captured[0]?.[0]);
    expect(deferred[0]?.()).toBe(frames);
  });

  it('deferCallSite never throws either: a throwing prepareStackTrace at parse time gives []', () => {
    const trace = deferCallSite();
    Error.prepareStackTrace = () => {
      throw new Error('broken source-map hook');
    };
    expect(trace()).toEqual([]);
  });

  it('drops a library frame of the published package, which is really on the stack', () => {
    const capture = () => libraryCall(() => captureCallSite()) as CallSiteFrame[];
    const everything = libraryCall(() => captureCallSite({ isLibraryFrame: () => false })) as CallSiteFrame[];
    expect(everything.map((frame) => frame.url)).toContain(PUBLISHED_CHUNK);
    const frames = capture();
    expect(frames.map((frame) => frame.url)).not.toContain(PUBLISHED_CHUNK);
    expect(frames[0]?.url).toMatch(/call-site\.test\.ts$/);
  });

  it('drops frames of the Hubbub source tree too (development servers, tests)', () => {
    const sourceDispatch = loadAs<(through: () => unknown) => unknown>(
      'http://localhost:5173/src/core/dispatch.ts?t=1764460000000',
      '(function dispatch(through) { return through(); })',
    );
    const frames = sourceDispatch(() => captureCallSite()) as CallSiteFrame[];
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((frame) => frame.functionName === 'dispatch')).toBe(false);
  });

  it(`keeps at most ${MAX_CALL_SITE_FRAMES} frames (or maxFrames), innermost first`, () => {
    const deep = (depth: number, options?: { maxFrames: number }): CallSiteFrame[] =>
      depth === 0 ? captureCallSite(options) : deep(depth - 1, options);
    expect(deep(30)).toHaveLength(MAX_CALL_SITE_FRAMES);
    expect(deep(30).every((frame) => frame.functionName === 'deep')).toBe(true);
    expect(deep(30, { maxFrames: 3 })).toHaveLength(3);
  });

  it("reaches the page's frame under V8's default limit of 10 frames, behind more library frames than that", () => {
    const V8_DEFAULT_LIMIT = 10;
    const LIBRARY_DEPTH = 12;
    Error.stackTraceLimit = V8_DEFAULT_LIMIT;
    const libraryDeep = loadAs<(depth: number, done: () => CallSiteFrame[]) => CallSiteFrame[]>(
      PUBLISHED_CHUNK,
      '(function libraryDeep(depth, done) { return depth === 0 ? done() : libraryDeep(depth - 1, done); })',
    );
    function pageCode() {
      return libraryDeep(LIBRARY_DEPTH, captureCallSite);
    }
    expect(pageCode()[0]?.functionName).toBe('pageCode');
  });

  it("restores V8's stack trace limit after raising it for the capture", () => {
    const limit = Error.stackTraceLimit;
    captureCallSite();
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('never throws: a stack that is not a string, a throwing prepareStackTrace or matcher give []', () => {
    Error.prepareStackTrace = () => ({ frames: 'not a string' });
    expect(captureCallSite()).toEqual([]);
    Error.prepareStackTrace = () => {
      throw new Error('broken source-map hook');
    };
    expect(captureCallSite()).toEqual([]);
    Error.prepareStackTrace = originalPrepare;
    expect(
      captureCallSite({
        isLibraryFrame: () => {
          throw new Error('bad matcher');
        },
      }),
    ).toEqual([]);
  });
});

describe('parseStack with literal stack texts', () => {
  it('parses Chromium frames: named, async, constructors, bare locations; skips native and eval frames', () => {
    const chromium = [
      'Error: boom',
      '    at addToCart (http://localhost:5173/src/cart/CartButton.tsx?t=1764460000000:12:7)',
      '    at async checkout (http://localhost:5173/src/checkout.ts:40:3)',
      '    at new Basket (webpack-internal:///./src/basket.js:3:11)',
      '    at http://localhost:5173/assets/index-4f2a.js:1:2345',
      '    at async http://localhost:5173/src/main.ts:3:1',
      '    at Array.forEach (<anonymous>)',
      '    at eval (eval at compile (http://localhost:5173/src/tpl.js:1:1), <anonymous>:3:4)',
      '    at Object.onClick [as handler] (C:\\app\\src\\view.js:8:9)',
    ].join('\n');
    expect(parseStack(chromium)).toEqual([
      { functionName: 'addToCart', url: 'http://localhost:5173/src/cart/CartButton.tsx?t=1764460000000', line: 12, column: 7 },
      { functionName: 'checkout', url: 'http://localhost:5173/src/checkout.ts', line: 40, column: 3 },
      { functionName: 'new Basket', url: 'webpack-internal:///./src/basket.js', line: 3, column: 11 },
      { functionName: '', url: 'http://localhost:5173/assets/index-4f2a.js', line: 1, column: 2345 },
      { functionName: '', url: 'http://localhost:5173/src/main.ts', line: 3, column: 1 },
      { functionName: 'Object.onClick [as handler]', url: 'C:\\app\\src\\view.js', line: 8, column: 9 },
    ]);
  });

  it('parses Firefox and Safari frames: fn@url, anonymous @url, nested names, async continuations; skips native code and eval', () => {
    const firefox = [
      'addToCart@http://localhost:5173/src/cart/CartButton.tsx:12:7',
      'checkout/<@http://localhost:5173/src/checkout.ts:40:3',
      'async*placeOrder@http://localhost:5173/src/order.ts:7:5',
      '@http://localhost:5173/@vite/client:1:1',
      'compiled@http://localhost:5173/src/tpl.js line 2 > eval:1:5',
      '',
    ].join('\n');
    const safari = ['forEach@[native code]', 'global code@http://localhost:5173/src/main.tsx:5:1'].join('\n');
    expect(parseStack(firefox)).toEqual([
      { functionName: 'addToCart', url: 'http://localhost:5173/src/cart/CartButton.tsx', line: 12, column: 7 },
      { functionName: 'checkout/<', url: 'http://localhost:5173/src/checkout.ts', line: 40, column: 3 },
      { functionName: 'placeOrder', url: 'http://localhost:5173/src/order.ts', line: 7, column: 5 },
      { functionName: '', url: 'http://localhost:5173/@vite/client', line: 1, column: 1 },
    ]);
    expect(parseStack(safari)).toEqual([{ functionName: 'global code', url: 'http://localhost:5173/src/main.tsx', line: 5, column: 1 }]);
  });

  it('gives [] for anything that is not a stack', () => {
    for (const stack of [undefined, null, 42, {}, '', 'Error: no frames here']) expect(parseStack(stack)).toEqual([]);
  });

  const functionName = fc.stringMatching(/^[A-Za-z_$][\w$.]{0,20}$/);
  const frame = fc.record({
    functionName,
    url: fc.webUrl({ withQueryParameters: true }),
    line: fc.integer({ min: 1, max: 1e6 }),
    column: fc.integer({ min: 1, max: 1e4 }),
  });

  it('reads back any frame written in either format (property)', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 8 }), (frames) => {
        const chromium = ['Error', ...frames.map((f) => `    at ${f.functionName} (${f.url}:${f.line}:${f.column})`)].join('\n');
        const firefox = frames.map((f) => `${f.functionName}@${f.url}:${f.line}:${f.column}`).join('\n');
        expect(parseStack(chromium)).toEqual(frames);
        expect(parseStack(firefox)).toEqual(frames);
      }),
    );
  });

  it('never throws on arbitrary text, and every frame it finds has whole positive line and column (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 400 }), (text) => {
        for (const found of parseStack(text)) {
          expect(Number.isInteger(found.line) && Number.isInteger(found.column)).toBe(true);
        }
      }),
    );
  });
});

describe('isHubbubFrame: which files are Hubbub', () => {
  it.each([
    '/work/hubbub/src/core/dispatch.ts',
    'http://localhost:5173/src/devtools/connect.ts?t=1764460000000',
    'file:///repo/src/async/events.ts',
    'http://localhost:5173/src/saga/create-saga.ts',
    '/app/node_modules/hubbub/dist/index.js',
    '/app/node_modules/hubbub/dist/chunks/bus-3f2a9c.js',
    '/app/node_modules/.pnpm/hubbub@0.1.0/node_modules/hubbub/dist/devtools.js',
    'C:\\app\\node_modules\\hubbub\\dist\\chunks\\bus.js',
    'http://localhost:5173/node_modules/.vite/deps/hubbub.js?v=1a2b3c',
    'http://localhost:5173/node_modules/.vite/deps/hubbub_devtools.js?v=1a2b3c',
  ])('%s is', (url) => expect(isHubbubFrame(url)).toBe(true));

  it.each([
    'http://localhost:5173/src/cart/CartButton.tsx',
    '/app/src/core-utils/format.ts',
    '/app/node_modules/my-hubbub/dist/index.js',
    '/app/node_modules/hubbub-plugin/dist/index.js',
    'http://localhost:5173/node_modules/.vite/deps/react.js?v=1a2b3c',
    'http://localhost:5173/assets/index-4f2a.js',
    'http://localhost:5173/app.js?from=/src/core/x',
  ])('%s is not', (url) => expect(isHubbubFrame(url)).toBe(false));
});
