import { describe, expect, it } from 'vitest';
import { caveatsOfText } from '../../src/devtools/panel/model/dispatch-draft';

describe('payload notes of JSON typed into the Dispatch view', () => {
  it('survive any nesting: a marker past the depth any recording has is not looked for, and nothing overflows', () => {
    const deep = `${'['.repeat(100_000)}{"$hubbub":"redacted"}${']'.repeat(100_000)}`;
    expect(caveatsOfText(deep).lost).toEqual([]);
    const shallow = `${'['.repeat(5)}{"$hubbub":"redacted"}${']'.repeat(5)}`;
    expect(caveatsOfText(shallow).lost.map((at) => at.path)).toEqual(['[0][0][0][0][0]']);
  });
});
