import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRecordingControls,
  MAX_TRACKED_TYPES,
  type RecordingDecision,
  type RecordingOptions,
} from '../../src/devtools/recording-controls';
import { createBus, inspect } from '../../src/index';

const decideAll = (options: RecordingOptions, types: readonly string[]): RecordingDecision[] => {
  const controls = createRecordingControls(options);
  return types.map((type) => controls.decide(type, undefined));
};

/** A clock the test moves by hand. */
const manualClock = () => {
  let time = 0;
  return { now: () => time, advance: (ms: number) => (time += ms) };
};

describe('allow and deny', () => {
  it("match keys and patterns as the bus does: '*' one segment, '**' one or more, '*' alone every event", () => {
    const types = ['pointer/move', 'pointer/a/b', 'cart', 'cart/added', 'cart/line/removed', 'app/ready'];
    expect(decideAll({ deny: ['pointer/*', 'cart/**'] }, types)).toEqual(['denied', 'keep', 'keep', 'denied', 'denied', 'keep']);
    expect(decideAll({ allow: ['app/ready', 'cart/*'] }, types)).toEqual(['denied', 'denied', 'denied', 'keep', 'denied', 'keep']);
    expect(decideAll({ deny: ['*'] }, types)).toEqual(types.map(() => 'denied'));
  });

  it('deny wins over allow', () => {
    expect(decideAll({ allow: ['cart/**'], deny: ['cart/secret'] }, ['cart/added', 'cart/secret'])).toEqual(['keep', 'denied']);
  });

  it('takes predicates of type and event; a throwing predicate leaves the event out', () => {
    const controls = createRecordingControls({
      allow: (type, event) => type !== 'upload/file' || (event as { size: number }).size < 100,
      deny: (type) => {
        if (type === 'weird') throw new Error('predicate bug');
        return false;
      },
    });
    expect(controls.decide('upload/file', { size: 10 })).toBe('keep');
    expect(controls.decide('upload/file', { size: 1000 })).toBe('denied');
    expect(controls.decide('weird', {})).toBe('denied');
    const throwingAllow = createRecordingControls({
      allow: () => {
        throw new Error('predicate bug');
      },
    });
    expect(throwingAllow.decide('cart/added', {})).toBe('denied');
  });

  const segment = fc.constantFrom('a', 'b', 'c');
  const key = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
  const pattern = fc
    .array(fc.constantFrom('a', 'b', '*', '**'), { minLength: 1, maxLength: 4 })
    .map((segments) => segments.join('/'))
    .filter((candidate) => candidate.includes('*'));

  it('deny agrees with the bus: a pattern leaves out exactly the keys a subscription to it receives (property)', () => {
    fc.assert(
      fc.property(pattern, fc.array(key, { maxLength: 20 }), (denied, keys) => {
        const bus = createBus<Record<string, number>>();
        const received: string[] = [];
        bus.subscribe(denied as `${string}*${string}`, (_event, ctx) => {
          received.push(ctx.type);
        });
        for (const type of keys) bus.emit(type, 1);
        const controls = createRecordingControls({ deny: [denied] });
        expect(keys.filter((type) => controls.decide(type, 1) === 'denied')).toEqual(received);
      }),
    );
  });
});

describe('sample', () => {
  it("keeps 1 in 10 of 'pointer/move' with 0.1, deterministically: the 1st, 11th, 21st...", () => {
    const decisions = decideAll(
      { sample: { 'pointer/move': 0.1 } },
      Array.from({ length: 100 }, () => 'pointer/move'),
    );
    const kept = decisions.flatMap((decision, index) => (decision === 'keep' ? [index] : []));
    expect(kept).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(decisions.filter((decision) => decision === 'sampled-out')).toHaveLength(90);
  });

  it('samples each type on its own, also when a pattern names them; 0 keeps none, 1 keeps all', () => {
    const controls = createRecordingControls({ sample: { 'pointer/*': 0.5, 'app/tick': 0, 'app/ready': 1 } });
    const run = (type: string, times: number) => Array.from({ length: times }, () => controls.decide(type, undefined));
    expect(run('pointer/move', 4)).toEqual(['keep', 'sampled-out', 'keep', 'sampled-out']);
    expect(run('pointer/down', 2)).toEqual(['keep', 'sampled-out']);
    expect(run('app/tick', 3)).toEqual(['sampled-out', 'sampled-out', 'sampled-out']);
    expect(run('app/ready', 3)).toEqual(['keep', 'keep', 'keep']);
    expect(run('cart/added', 2)).toEqual(['keep', 'keep']);
  });

  it('an exact key wins over a pattern', () => {
    const controls = createRecordingControls({ sample: { 'pointer/*': 0, 'pointer/down': 1 } });
    expect([controls.decide('pointer/down', 1), controls.decide('pointer/move', 1)]).toEqual(['keep', 'sampled-out']);
  });

  it('denied events do not use up sampling turns', () => {
    const controls = createRecordingControls({ deny: (_type, event) => event === 'secret', sample: { 'a/b': 0.5 } });
    expect(['secret', 'x', 'secret', 'y'].map((event) => controls.decide('a/b', event))).toEqual([
      'denied',
      'keep',
      'denied',
      'sampled-out',
    ]);
  });

  it('keeps the floor or the ceiling of n x rate after every n events, evenly (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 500 }), (rate, count) => {
        const controls = createRecordingControls({ sample: { noisy: rate } });
        let kept = 0;
        for (let seen = 1; seen <= count; seen++) {
          if (controls.decide('noisy', seen) === 'keep') kept++;
          expect([Math.floor(seen * rate), Math.ceil(seen * rate)]).toContain(kept);
        }
      }),
    );
  });
});

describe('maxPerSecond', () => {
  it('keeps at most the cap per type in each second of the injected clock', () => {
    const clock = manualClock();
    const controls = createRecordingControls({ maxPerSecond: { 'scroll/*': 2 }, now: clock.now });
    const burst = (type: string) => Array.from({ length: 3 }, () => controls.decide(type, undefined));
    expect(burst('scroll/y')).toEqual(['keep', 'keep', 'over-cap']);
    expect(burst('scroll/x')).toEqual(['keep', 'keep', 'over-cap']);
    clock.advance(999);
    expect(controls.decide('scroll/y', undefined)).toBe('over-cap');
    clock.advance(1);
    expect(burst('scroll/y')).toEqual(['keep', 'keep', 'over-cap']);
    expect(controls.decide('other', undefined)).toBe('keep');
  });

  it('a cap of 0 records none; sampling runs before the cap', () => {
    const clock = manualClock();
    expect(decideAll({ maxPerSecond: { tick: 0 }, now: clock.now }, ['tick', 'tick'])).toEqual(['over-cap', 'over-cap']);
    expect(decideAll({ sample: { tick: 0.5 }, maxPerSecond: { tick: 1 }, now: clock.now }, ['tick', 'tick', 'tick'])).toEqual([
      'keep',
      'sampled-out',
      'over-cap',
    ]);
  });
});

describe('left-out counters', () => {
  it('counts per type and reason, with a total, until reset (which also restarts sampling)', () => {
    const clock = manualClock();
    const controls = createRecordingControls({ deny: ['auth/**'], sample: { move: 0.5 }, maxPerSecond: { tick: 1 }, now: clock.now });
    for (const type of ['auth/login', 'move', 'move', 'move', 'move', 'tick', 'tick', 'tick', 'cart/added']) controls.decide(type, {});
    expect(controls.leftOut()).toEqual({
      total: 5,
      byType: [
        { type: 'auth/login', denied: 1, 'sampled-out': 0, 'over-cap': 0 },
        { type: 'move', denied: 0, 'sampled-out': 2, 'over-cap': 0 },
        { type: 'tick', denied: 0, 'sampled-out': 0, 'over-cap': 2 },
      ],
      otherTypes: { denied: 0, 'sampled-out': 0, 'over-cap': 0 },
    });
    controls.reset();
    expect(controls.leftOut()).toEqual({ total: 0, byType: [], otherTypes: { denied: 0, 'sampled-out': 0, 'over-cap': 0 } });
    expect([controls.decide('move', {}), controls.decide('tick', {})]).toEqual(['keep', 'keep']);
  });

  it(`tracks at most maxTrackedTypes types (default ${MAX_TRACKED_TYPES}) and aggregates the rest`, () => {
    const controls = createRecordingControls({ deny: ['noise/*'] });
    const types = MAX_TRACKED_TYPES * 4;
    for (let index = 0; index < types; index++) controls.decide(`noise/${index}`, undefined);
    const report = controls.leftOut();
    expect(report.byType).toHaveLength(MAX_TRACKED_TYPES);
    expect(report.otherTypes.denied).toBe(types - MAX_TRACKED_TYPES);
    expect(report.total).toBe(types);
  });

  it('beyond maxTrackedTypes, types matched by one pattern share its sampling', () => {
    const controls = createRecordingControls({ sample: { 'a/*': 0.5 }, maxTrackedTypes: 1 });
    expect(['a/x', 'a/y', 'a/z', 'a/x'].map((type) => controls.decide(type, undefined))).toEqual([
      'keep',
      'keep',
      'sampled-out',
      'sampled-out',
    ]);
    expect(controls.leftOut().byType).toEqual([{ type: 'a/z', denied: 0, 'sampled-out': 1, 'over-cap': 0 }]);
    expect(controls.leftOut().otherTypes['sampled-out']).toBe(1);
  });
});

describe('on a real bus', () => {
  it("decides on the inspector's event observations; the app's handlers still get every event", () => {
    type Events = { 'auth/token': string; 'pointer/move': { x: number }; 'cart/added': { sku: string } };
    const bus = createBus<Events>();
    const delivered: string[] = [];
    bus.subscribe('*', (_event, ctx) => {
      delivered.push(ctx.type);
    });
    const controls = createRecordingControls({ deny: ['auth/*'], sample: { 'pointer/move': 0.25 } });
    const recorded: string[] = [];
    inspect(bus, (observation) => {
      if (observation.kind === 'event' && controls.decide(observation.meta.type, observation.event) === 'keep')
        recorded.push(observation.meta.type);
    });
    bus.emit('auth/token', 'secret');
    for (let x = 0; x < 8; x++) bus.emit('pointer/move', { x });
    bus.emit('cart/added', { sku: 'A-1' });
    expect(recorded).toEqual(['pointer/move', 'pointer/move', 'cart/added']);
    expect(delivered).toHaveLength(10);
    expect(controls.leftOut().total).toBe(7);
  });
});

describe('bad options', () => {
  it.each<[string, unknown, RegExp]>([
    ['a rate above 1', { sample: { 'pointer/move': 1.5 } }, /sample\['pointer\/move'\] must be a rate between 0 and 1/],
    ['a negative rate', { sample: { 'pointer/move': -0.1 } }, /sample\['pointer\/move'\]/],
    ['a rate that is not a number', { sample: { 'pointer/move': '0.1' } }, /sample\['pointer\/move'\]/],
    ['NaN', { sample: { 'pointer/move': Number.NaN } }, /sample\['pointer\/move'\]/],
    ['a negative cap', { maxPerSecond: { tick: -1 } }, /maxPerSecond\['tick'\] must be a whole number/],
    ['a fractional cap', { maxPerSecond: { tick: 1.5 } }, /maxPerSecond\['tick'\]/],
    ["'*' inside a segment", { deny: ['cart*'] }, /deny: 'cart\*' is not a pattern/],
    ["'*' in the middle of a segment", { allow: ['pointer/mo*e'] }, /allow: 'pointer\/mo\*e' is not a pattern/],
    ["'***'", { deny: ['a/***'] }, /deny: 'a\/\*\*\*' is not a pattern/],
    ['a pattern key of sample that is not a pattern', { sample: { 'pointer*': 0.1 } }, /sample: 'pointer\*' is not a pattern/],
    ['an empty key', { deny: [''] }, /deny must hold event types or patterns/],
    ['a key that is not a string', { allow: [42] }, /allow must hold event types or patterns/],
    ['a string instead of an array', { deny: 'cart/*' }, /deny must be an array of event types or patterns, or a function/],
    ['sample as an array', { sample: [0.1] }, /sample must be an object of event type/],
    ['a clock that is not a function', { now: 5 }, /now must be a function/],
  ])('%s throws a TypeError naming the option', (_case, options, message) => {
    expect(() => createRecordingControls(options as RecordingOptions)).toThrow(TypeError);
    expect(() => createRecordingControls(options as RecordingOptions)).toThrow(message);
  });
});
