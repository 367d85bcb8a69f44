import type { EventRecord } from './event-record';
import { literalOf, objectLiteral, quote } from './source-literal';

/** The test runners "Copy as test" writes for. */
export type TestFormat = 'vitest' | 'playwright';

/** The import line a generated Vitest file starts from until the user sets theirs (it names what the setup module exports). */
export const DEFAULT_TEST_SETUP = "import { registry, setup } from './hubbub-setup.js';";

/**
 * What "Copy as test" turns into a file.
 *
 * @example
 * testFileOf({ format: 'vitest', events: shown, log: records, busName: 'shop', pageUrl: 'http://localhost:5173/', setupImport: DEFAULT_TEST_SETUP, now: new Date() })
 */
export interface TestFileInput {
  readonly format: TestFormat;
  /** The events chosen (the shown ones, or the selected one), oldest first. */
  readonly events: readonly EventRecord[];
  /** The whole log, where follow-up events are found. */
  readonly log: readonly EventRecord[];
  readonly busName: string;
  /** The page the events were recorded on (the Playwright test opens it). */
  readonly pageUrl: string | undefined;
  /** Vitest only: the line importing `setup(bus)` (attaches the app's handlers, may return a teardown) and `registry`. */
  readonly setupImport: string;
  readonly now: Date;
}

/** Steps one file holds at most: a longer recording is better cut down with the log's filters than copied whole. */
export const MAX_TEST_STEPS = 500;

/** The events of one replayed step: the chosen event and every event published because of it, in order. */
interface Step {
  readonly root: EventRecord;
  readonly followUps: readonly EventRecord[];
}

/**
 * The steps to replay: each chosen event not caused by an earlier chosen one (those are follow-ups
 * the test expects), with its descendants in the log (by causation, in `seq` order: publish order),
 * each once, however the log's causation loops.
 *
 * @example
 * stepsOf(shown, log).map((s) => s.root.eventType) // ['session/signedIn', 'OrderPlaced']
 */
export const stepsOf = (events: readonly EventRecord[], log: readonly EventRecord[]): Step[] => {
  const children = new Map<string, EventRecord[]>();
  for (const r of log) {
    if (r.causationId === undefined) continue;
    const parentKey = `${r.instanceKey}\n${r.causationId}`;
    const siblings = children.get(parentKey);
    if (siblings) siblings.push(r);
    else children.set(parentKey, [r]);
  }
  const covered = new Set<string>();
  const steps: Step[] = [];
  for (const root of events) {
    if (covered.has(root.key)) continue;
    const followUps: EventRecord[] = [];
    // Each event once: an imported or hostile log may name an event as its own cause, or loop.
    const reached = new Set([root.key]);
    const pending = [root];
    for (let next = pending.pop(); next; next = pending.pop()) {
      for (const child of children.get(`${next.instanceKey}\n${next.id}`) ?? []) {
        if (reached.has(child.key)) continue;
        reached.add(child.key);
        covered.add(child.key);
        followUps.push(child);
        pending.push(child);
      }
    }
    steps.push({ root, followUps: followUps.sort((a, b) => a.seq - b.seq) });
  }
  return steps;
};

const recordedStep = ({ root }: Step, indent: string): string => {
  const fields = [`type: ${quote(root.eventType)}`];
  if (root.version !== undefined) fields.push(`version: ${root.version}`);
  fields.push(`payload: ${literalOf(root.payload, { kind: 'data' }, `${indent}  `)}`);
  return `{ ${fields.join(', ')} }`;
};

const expectedStep = ({ root, followUps }: Step, indent: string): string => {
  const inner = `${indent}  `;
  const lines = [`${inner}type: ${quote(root.eventType)},`];
  const { blockedBy, blockReason } = root.dispatched ?? {};
  if (blockedBy !== undefined) lines.push(`${inner}blockedBy: ${quote(blockedBy)},`);
  if (blockReason !== undefined) lines.push(`${inner}blockReason: ${quote(blockReason)},`);
  const followUpTexts = followUps.map((r) =>
    objectLiteral(
      [`type: ${quote(r.eventType)}`, `payload: ${literalOf(r.payload, { kind: 'expected', recordedAt: r.timestamp }, `${inner}    `)}`],
      `${inner}  `,
    ),
  );
  lines.push(`${inner}followUps: ${list(followUpTexts, inner)},`);
  const failures = [root, ...followUps].flatMap((r) =>
    r.handlers
      .filter((h) => h.outcome === 'error')
      .map((h) =>
        objectLiteral(
          [`eventType: ${quote(r.eventType)}`, `label: ${quote(h.label)}`, `message: ${quote(h.error?.message ?? '')}`],
          `${inner}  `,
        ),
      ),
  );
  lines.push(`${inner}failures: ${list(failures, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
};

const list = (items: readonly string[], indent: string) =>
  items.length === 0 ? '[]' : `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`;

/** How long a Playwright step waits for more follow-ups: twice the longest gap between two of them as recorded, at least 500 ms. */
const quietMsOf = (steps: readonly Step[]): number => {
  let gap = 0;
  for (const { root, followUps } of steps) {
    let previous = root.timestamp;
    for (const r of followUps) {
      gap = Math.max(gap, r.timestamp - previous);
      previous = r.timestamp;
    }
  }
  return Math.max(500, Math.ceil((gap * 2) / 100) * 100);
};

/** Longest page-supplied text (bus name, URL) the header's comments quote. */
const MAX_COMMENT_TEXT = 200;

/**
 * Page-supplied text as a `//` comment may hold it: the page chooses its bus name and URL, and a
 * line terminator in either (`\n`, `\r`, U+2028, U+2029) would end the comment and make the rest
 * of the line code in the developer's test file. Control characters become spaces; long text is cut.
 */
const commentText = (text: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const oneLine = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  return oneLine.length > MAX_COMMENT_TEXT ? `${oneLine.slice(0, MAX_COMMENT_TEXT)}…` : oneLine;
};

const pathOf = (url: string | undefined): string => {
  if (url === undefined) return '/';
  try {
    const { pathname, search, hash } = new URL(url);
    return `${pathname}${search}${hash}`;
  } catch {
    return '/';
  }
};

/**
 * Writes a test file that replays the chosen events and expects what they led to when they were
 * recorded: the same follow-up events (payloads included; times near the recording and data the
 * recording lost are matched loosely) and the same handler failures. Vitest: into a test bus with
 * the app's handlers (`setup`), through its registry, under fake timers. Playwright: into the page,
 * through `recordBus`.
 *
 * @example
 * navigator.clipboard.writeText(testFileOf({ format: 'vitest', events, log, busName, pageUrl, setupImport, now: new Date() }))
 */
export const testFileOf = (input: TestFileInput): string => {
  const allSteps = stepsOf(input.events, input.log);
  const steps = allSteps.slice(0, MAX_TEST_STEPS);
  const first = steps[0]?.root.timestamp ?? input.now.getTime();
  const count = `${steps.length} recorded event${steps.length === 1 ? '' : 's'}`;
  const title = `${input.busName}: ${count} lead${steps.length === 1 ? 's' : ''} to the same follow-up events and failures`;
  const header = [
    `// Recorded from "${commentText(input.busName)}"${input.pageUrl ? ` on ${commentText(input.pageUrl)}` : ''} and copied as a test from the Hubbub DevTools panel`,
    `// on ${input.now.toISOString()}. Each step is published again and must lead to the events its`,
    '// handlers published then, and to the same handler failures. The app must start as it did.',
    ...(allSteps.length > steps.length
      ? [`// Only the first ${steps.length} of ${allSteps.length} steps: filter the log to choose others.`]
      : []),
  ];
  const recording = `const recording: RecordedStep[] = ${list(
    steps.map((s) => recordedStep(s, '  ')),
    '',
  )};`;
  const expected = (indent: string) =>
    list(
      steps.map((s) => expectedStep(s, `${indent}  `)),
      indent,
    );
  if (input.format === 'playwright') {
    return [
      ...header,
      '// The page must pass connectDevtools(bus, { allowDispatch: true }); set baseURL in playwright.config.',
      "import { expect, test } from '@playwright/test';",
      "import type { RecordedStep } from 'hubbub/testing';",
      "import { recordBus } from 'hubbub/testing/playwright';",
      '',
      recording,
      '',
      `test(${quote(title)}, async ({ page }) => {`,
      `  const recorder = await recordBus(page, { bus: ${quote(input.busName)} });`,
      `  await page.goto(${quote(pathOf(input.pageUrl))});`,
      `  const steps = await recorder.replay(recording, { quietMs: ${quietMsOf(steps)} });`,
      `  expect(steps).toEqual(${expected('  ')});`,
      '});',
      '',
    ].join('\n');
  }
  return [
    ...header,
    "// `setup(bus)` attaches the app's middleware, handlers and sagas to a bus (and may return a",
    '// teardown); `registry` upcasts events recorded at an older version. If the app runs intervals,',
    '// settle with vi.advanceTimersByTimeAsync(ms) instead of running every timer.',
    "import { createTestBus, type RecordedStep, replayRecording } from 'hubbub/testing';",
    "import { afterEach, expect, test, vi } from 'vitest';",
    input.setupImport,
    '',
    recording,
    '',
    'afterEach(() => {',
    '  vi.useRealTimers();',
    '});',
    '',
    `test(${quote(title)}, async () => {`,
    `  vi.useFakeTimers({ now: ${first} });`,
    "  // Typed as setup's parameter, so the test bus carries the app's events (a Bus<Events> or a plain Bus).",
    '  const bus: Parameters<typeof setup>[0] = createTestBus();',
    '  const teardown = setup(bus);',
    '  try {',
    '    const steps = await replayRecording(bus, recording, { registry, settle: () => vi.runAllTimersAsync() });',
    `    expect(steps).toEqual(${expected('    ')});`,
    '  } finally {',
    "    if (typeof teardown === 'function') teardown();",
    '  }',
    '});',
    '',
  ].join('\n');
};
