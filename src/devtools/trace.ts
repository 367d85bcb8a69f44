import { type CallSiteFrame, deferCallSite } from './call-site';
import type { WireEntry } from './protocol';
import { clip, copyStart } from './text';

/** Index of `trace` in an `event` wire entry: after the type tag and the ten fields before it in `ENTRY_TABLE.event`. */
const TRACE_INDEX = 11;
/**
 * What a trace is weighed at when its entry enters the buffer, before it is parsed (10 frames of
 * about 100 characters). Batches are split by weight; a JSON text is measured again after encoding.
 */
export const TRACE_WEIGHT = 1000;

/**
 * Call sites of event entries (`connectDevtools(bus, { trace: true })`): the stack is recorded
 * inside the emit, parsed only when the entry leaves the page, into the entry's `trace` field with
 * every string capped at `maxString`. An entry dropped before it was sent is never parsed.
 *
 * @example
 * const traces = createTraceRecorder(10_000)
 * inspect(bus, (o) => builder.build(o, (entry) => { if (entry[0] === 'event') traces.record(entry); buffer.push(entry) }))
 * traces.resolve(buffer.take().items)
 */
export const createTraceRecorder = (maxString: number) => {
  const pending = new WeakMap<WireEntry, () => CallSiteFrame[]>();
  // A fresh copy even when short: a slice of the stack text would keep the whole text alive in the buffer.
  const own = (text: string): string => (text.length > maxString ? clip(text, maxString) : copyStart(text, text.length));
  const capped = (frame: CallSiteFrame): CallSiteFrame => ({
    functionName: own(frame.functionName),
    url: own(frame.url),
    line: frame.line,
    column: frame.column,
  });
  return {
    /** Records the current call site for an event entry. Call it synchronously inside the `event` observation. */
    record(entry: WireEntry): void {
      pending.set(entry, deferCallSite());
    },
    /** Fills the `trace` of entries that wait for one (in place: the buffer re-sends the same entry). Never throws. */
    resolve(entries: readonly WireEntry[]): void {
      for (const entry of entries) {
        const frames = pending.get(entry);
        if (!frames) continue;
        pending.delete(entry);
        // An event entry always carries every field up to `replayed`, so `trace` is its next.
        (entry as unknown as unknown[])[TRACE_INDEX] = frames().map(capped);
      }
    },
  };
};
