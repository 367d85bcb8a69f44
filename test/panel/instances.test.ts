import { describe, expect, it } from 'vitest';
import { createInstancesStore } from '../../src/devtools/panel/model/instances';
import type { InstanceInfo, StreamEntry } from '../../src/devtools/protocol';

const info = { name: 'shop', dropped: 0 } as unknown as InstanceInfo;
const entries = (...seqs: number[]) => seqs.map((seq) => ({ type: 'event', seq }) as unknown as StreamEntry);
const seqsOf = (list: readonly StreamEntry[]) => list.map((e) => e.seq);

describe('instances: which entries are new', () => {
  it('skips a re-sent history, but takes entries that fill a gap left by a lost batch', () => {
    const store = createInstancesStore();
    const { hello, acceptEntries } = store.getState();
    hello('k', 's1', info, undefined);
    expect(seqsOf(acceptEntries('k', entries(0, 1, 2), 0))).toEqual([0, 1, 2]);
    // The batch with 3 and 4 was lost (the service worker stopped mid-send).
    expect(seqsOf(acceptEntries('k', entries(5, 6), 0))).toEqual([5, 6]);
    // The panel reconnects and the page re-sends its history: only the missing ones are new.
    expect(seqsOf(acceptEntries('k', entries(0, 1, 2, 3, 4, 5, 6), 0))).toEqual([3, 4]);
    expect(seqsOf(acceptEntries('k', entries(0, 1, 2, 3, 4, 5, 6, 7), 0))).toEqual([7]);
    expect(store.getState().instances.get('k')?.lastSeq).toBe(7);
  });

  it('does not count gaps before the first entry it saw (what the page dropped before the panel opened)', () => {
    const { hello, acceptEntries } = createInstancesStore().getState();
    hello('k', 's1', info, undefined);
    expect(seqsOf(acceptEntries('k', entries(40, 41), 0))).toEqual([40, 41]);
    expect(seqsOf(acceptEntries('k', entries(3, 39, 40), 0))).toEqual([]);
  });
});
