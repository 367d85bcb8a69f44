/**
 * "Trace: who published this?": the call site of an emit or publish, as the frames of the current
 * stack without Hubbub's own, parsed from V8/Chromium (`at fn (url:line:col)`) and
 * Firefox/Safari (`fn@url:line:col`) stack texts. Never throws: a missing or odd stack gives `[]`.
 */

/**
 * One frame of a call site: what the panel lists and what `chrome.devtools.panels.openResource`
 * opens (`url`, and `line` 1-based as in the stack text; openResource takes it 0-based).
 *
 * @example
 * const frame: CallSiteFrame = { functionName: 'addToCart', url: 'http://localhost:5173/src/cart.ts', line: 12, column: 7 }
 */
export interface CallSiteFrame {
  /** `''` for an anonymous function or top-level code. */
  readonly functionName: string;
  readonly url: string;
  /** 1-based, as in the stack text. */
  readonly line: number;
  /** 1-based, as in the stack text. */
  readonly column: number;
}

/**
 * Frames kept per call site, after Hubbub's own are dropped: enough to see the component and the
 * code around it, small enough to keep for every event of a long session.
 *
 * @example
 * if (entry.type === 'event' && entry.trace) console.assert(entry.trace.length <= MAX_CALL_SITE_FRAMES)
 */
export const MAX_CALL_SITE_FRAMES = 10;

/**
 * Frames V8 records beyond the ones kept (its default limit is 10 in all): room for Hubbub's own
 * frames between the page's call and the capture (emit, dispatch, inspector, devtools; more when a
 * handler emits), so they do not push the page's frames out. Each recorded frame costs time.
 */
const HUBBUB_FRAMES_ALLOWANCE = 16;

/** Stack texts longer than this are cut before parsing: a hostile `prepareStackTrace` must not make us parse megabytes. */
const MAX_STACK_TEXT = 20_000;

/**
 * Where Hubbub's own code lives, one pattern per place, each tested against a frame's URL or path
 * (`/` or `\` separators, query strings ignored):
 * - its source tree, as served in development or run by tests (`src/core`, `src/devtools`,
 *   `src/async`, `src/saga`: dispatch, inspection, devtools, `events`/`once`, sagas);
 * - the published package's bundles and chunks (`node_modules/hubbub/dist/...`, pnpm included);
 * - Vite's pre-bundled copies of its entries (`node_modules/.vite/deps/hubbub.js`, `hubbub_devtools.js`...).
 *
 * An app with its own `src/core/` folder loses those frames too: pass `isLibraryFrame` to
 * {@link captureCallSite} to choose otherwise.
 *
 * @example
 * HUBBUB_FRAME_PATTERNS.some((pattern) => pattern.test('/app/node_modules/hubbub/dist/chunks/bus-x1.js')) // true
 */
export const HUBBUB_FRAME_PATTERNS: readonly RegExp[] = Object.freeze([
  /(^|[\\/])src[\\/](core|devtools|async|saga)[\\/]/,
  /(^|[\\/])node_modules[\\/]hubbub[\\/]dist[\\/]/,
  /(^|[\\/])node_modules[\\/]\.vite[\\/]deps[\\/]hubbub(_\w+)?\.js$/,
]);

/**
 * Whether a frame's URL or file path is Hubbub's own code (see {@link HUBBUB_FRAME_PATTERNS}).
 *
 * @example
 * isHubbubFrame('http://localhost:5173/src/core/bus.ts?t=1700000000') // true
 * isHubbubFrame('http://localhost:5173/src/cart/CartButton.tsx') // false
 */
export const isHubbubFrame = (url: string): boolean => {
  const known = hubbubFrameCache.get(url);
  if (known !== undefined) return known;
  const path = url.replace(/[?#].*$/, '');
  const isHubbub = HUBBUB_FRAME_PATTERNS.some((pattern) => pattern.test(path));
  if (url.length > MAX_CACHED_URL_LENGTH) return isHubbub;
  if (hubbubFrameCache.size >= MATCHER_CACHE_SIZE) hubbubFrameCache.clear();
  hubbubFrameCache.set(url, isHubbub);
  return isHubbub;
};

/** URLs answered by {@link isHubbubFrame} remembered at most: an app's stacks go through few files, again and again. */
const MATCHER_CACHE_SIZE = 512;
/** Longer URLs are matched every time, not remembered: the cache stays under 512 x 2 KB. */
const MAX_CACHED_URL_LENGTH = 2048;
const hubbubFrameCache = new Map<string, boolean>();

/** Where V8 frames start, once trimmed: `at fn (location)` or `at location`. */
const V8_PREFIX = 'at ';
const ASYNC_PREFIX = 'async ';
/** Firefox's mark on the first frame of an async continuation. */
const GECKO_ASYNC_PREFIX = 'async*';
/** Between a V8 frame's function name and its location in parentheses. */
const NAME_END = ' (';
/** Between a Firefox/Safari frame's function name and its location. */
const GECKO_SEPARATOR = '@';
/** How eval'd code (no URL to open) shows in a frame's URL: V8 starts it so, Firefox ends it so. */
const V8_EVAL_START = 'eval at ';
const GECKO_EVAL_ENDS = [' > eval', ' > Function'] as const;
const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;

const isDigits = (text: string): boolean => {
  if (text === '') return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < DIGIT_ZERO || code > DIGIT_NINE) return false;
  }
  return true;
};

/**
 * `url:line:column` as a frame: the last two colons, since the URL may hold colons itself
 * (`http://host:5173/...`, `C:\...`). Plain string scans in linear time: a function name can be any
 * text, and a backtracking RegExp over a long hostile line could stall the page.
 */
const frameOf = (functionName: string, location: string): CallSiteFrame | undefined => {
  const columnStart = location.lastIndexOf(':');
  const lineStart = location.lastIndexOf(':', columnStart - 1);
  if (lineStart < 0) return undefined;
  const line = location.slice(lineStart + 1, columnStart);
  const column = location.slice(columnStart + 1);
  if (!isDigits(line) || !isDigits(column)) return undefined;
  const url = location.slice(0, lineStart);
  if (url.startsWith(V8_EVAL_START) || GECKO_EVAL_ENDS.some((end) => url.endsWith(end))) return undefined;
  return { functionName, url, line: Number(line), column: Number(column) };
};

/** One line of a stack text as a frame; `undefined` for the message line, native frames and anything unknown. */
const parseLine = (text: string): CallSiteFrame | undefined => {
  const line = text.trim();
  if (line.startsWith(V8_PREFIX)) {
    // `at async ...` marks an async continuation, named or not.
    const rest = line.slice(V8_PREFIX.length);
    const body = rest.startsWith(ASYNC_PREFIX) ? rest.slice(ASYNC_PREFIX.length) : rest;
    const nameEnd = body.endsWith(')') ? body.indexOf(NAME_END) : -1;
    if (nameEnd < 0) return frameOf('', body);
    return frameOf(body.slice(0, nameEnd), body.slice(nameEnd + NAME_END.length, -1));
  }
  const separator = line.indexOf(GECKO_SEPARATOR);
  if (separator < 0) return undefined;
  const name = line.slice(0, separator);
  return frameOf(name.startsWith(GECKO_ASYNC_PREFIX) ? name.slice(GECKO_ASYNC_PREFIX.length) : name, line.slice(separator + 1));
};

/**
 * Parses a V8/Chromium or Firefox/Safari stack text into frames, top (innermost) first. Lines it
 * does not understand (the message, native code, eval) are skipped. Never throws.
 *
 * @example
 * parseStack('Error\n    at addToCart (http://localhost:5173/src/cart.ts:12:7)')
 * // [{ functionName: 'addToCart', url: 'http://localhost:5173/src/cart.ts', line: 12, column: 7 }]
 */
export const parseStack = (stack: unknown): CallSiteFrame[] => {
  if (typeof stack !== 'string') return [];
  const frames: CallSiteFrame[] = [];
  for (const line of stack.slice(0, MAX_STACK_TEXT).split('\n')) {
    const frame = parseLine(line);
    if (frame) frames.push(frame);
  }
  return frames;
};

/**
 * Options of {@link captureCallSite}.
 *
 * @example
 * const options: CallSiteOptions = { maxFrames: 5, isLibraryFrame: (url) => isHubbubFrame(url) || url.includes('/vendor/') }
 */
export interface CallSiteOptions {
  /** Default {@link MAX_CALL_SITE_FRAMES}. */
  readonly maxFrames?: number;
  /** Frames to leave out, by URL. Default {@link isHubbubFrame}. */
  readonly isLibraryFrame?: (url: string) => boolean;
}

/**
 * Records the stack at the caller of `below`, with V8's frame limit raised for the capture only.
 * V8 turns it into text only when `stack` is first read: most of the cost, which
 * {@link deferCallSite} moves out of the emit.
 */
const recordStack = (below: Function, maxFrames: number): { stack?: unknown } => {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  const raise = typeof limit === 'number';
  if (raise) Error.stackTraceLimit = maxFrames + HUBBUB_FRAMES_ALLOWANCE;
  try {
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(holder, below);
    else holder.stack = new Error().stack;
    return holder;
  } finally {
    if (raise) Error.stackTraceLimit = limit;
  }
};

/** The page's frames of a recorded stack. Never throws (reading `stack` runs V8's `prepareStackTrace`, which may). */
const pageFramesOf = (recorded: { stack?: unknown }, maxFrames: number, isLibraryFrame: (url: string) => boolean): CallSiteFrame[] => {
  try {
    const frames: CallSiteFrame[] = [];
    for (const frame of parseStack(recorded.stack)) {
      if (frames.length >= maxFrames) break;
      if (!isLibraryFrame(frame.url)) frames.push(frame);
    }
    return frames;
  } catch {
    return [];
  }
};

/**
 * The frames of the current stack, innermost first, without Hubbub's own frames (nor this
 * function's), at most {@link MAX_CALL_SITE_FRAMES}. Call it from an inspector on the `event`
 * observation to know who emitted or published. Never throws: a missing or odd stack gives `[]`.
 *
 * @example
 * inspect(bus, (o) => { if (o.kind === 'event') traces.set(o.meta.id, captureCallSite()) })
 */
export const captureCallSite = (options: CallSiteOptions = {}): CallSiteFrame[] => {
  const { maxFrames = MAX_CALL_SITE_FRAMES, isLibraryFrame = isHubbubFrame } = options;
  try {
    return pageFramesOf(recordStack(captureCallSite, maxFrames), maxFrames, isLibraryFrame);
  } catch {
    return [];
  }
};

/**
 * Like {@link captureCallSite}, but only records the stack now and parses it when the returned
 * function is first called (then returns the same frames): the emit pays for the recording, the
 * parse happens when the entry is serialized. Never throws.
 *
 * @example
 * inspect(bus, (o) => { if (o.kind === 'event') pending.push({ id: o.meta.id, trace: deferCallSite() }) })
 * // later, while batching: { ...entry, trace: entry.trace() }
 */
export const deferCallSite = (options: CallSiteOptions = {}): (() => CallSiteFrame[]) => {
  const { maxFrames = MAX_CALL_SITE_FRAMES, isLibraryFrame = isHubbubFrame } = options;
  let recorded: { stack?: unknown } = {};
  try {
    recorded = recordStack(deferCallSite, maxFrames);
  } catch {
    // No stack to record: the frames will be [].
  }
  let frames: CallSiteFrame[] | undefined;
  return () => {
    frames ??= pageFramesOf(recorded, maxFrames, isLibraryFrame);
    return frames;
  };
};
