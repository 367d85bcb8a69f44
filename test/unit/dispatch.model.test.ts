/**
 * Model-based property test of DESIGN's dispatch rules: random programs of subscribe /
 * unsubscribe / abort / use / remove steps and root dispatches, whose handlers, middleware and
 * onErrors throw, reject, resolve later, unsubscribe, subscribe, remove middleware, abort, keep a
 * ctx and dispatch again, run on the real bus through every path (emit, publish, a pass-through
 * middleware, an inspector, the test bus, a sticky bus) and compared with the reference model in ./model.
 * On the inspected paths an inspector may also fail, or subscribe, unsubscribe, abort and change
 * middleware when it observes an event, a middleware decision, a handler's start or end, a dispatch's
 * end, a subscribe or an unsubscribe, and dispatch (caused by the dispatch it observes, else by whatever runs);
 * any participant may detach it, after which it is told nothing, not even the rest of running dispatches.
 *
 * More runs: HUBBUB_MODEL_RUNS=5000 npx vitest run test/unit/dispatch.model.test.ts
 * Replay a failure: HUBBUB_MODEL_SEED=<seed> HUBBUB_MODEL_PATH=<path> (both printed on failure),
 * with `-t 'hot path'` or `-t 'acts'` when it was one of those tests.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { actingInspectorPrograms, hotPathPrograms, programArbitrary } from './model/arbitraries';
import { describeProgram } from './model/describe-program';
import { PATHS, type Path } from './model/paths';
import type { Program } from './model/program';
import { runModel } from './model/reference-model';
import { runOnBus } from './model/run-on-bus';
import { canonical, type RunResult } from './model/run-result';

const DEFAULT_RUNS = 1500;
const runs = Number(process.env.HUBBUB_MODEL_RUNS) || DEFAULT_RUNS;
const seed = process.env.HUBBUB_MODEL_SEED ? Number(process.env.HUBBUB_MODEL_SEED) : undefined;
const replayPath = process.env.HUBBUB_MODEL_PATH;
/** Generous: a program takes well under 10 ms on all paths; the default numRuns takes a few seconds. */
const timeout = Math.max(60_000, runs * 200);

/** What a path is compared on: everything, minus what it has no way to see. */
const project = <Id>(result: RunResult<Id>, path: Path): RunResult<string> =>
  canonical({
    ...result,
    observed: path.inspected ? result.observed : [],
    published: path.testBus ? result.published : [],
    last: path.sticky ? result.last : [],
  });

/** Runs `program` on each of `paths`; throws, naming the path and the program, at the first disagreement. */
const checkPaths = async (program: Program, paths: [string, Path][]) => {
  for (const [name, path] of paths) {
    const expected = project(runModel(program, path), path);
    const actual = project(await runOnBus(program, path), path);
    expect(actual, `path "${name}" disagrees with the model on this program:\n${describeProgram(program)}\n`).toEqual(expected);
  }
};

const ALL_PATHS: [string, Path][] = Object.entries(PATHS);
const INSPECTED_PATHS = ALL_PATHS.filter(([, path]) => path.inspected);
const checkAllPaths = (program: Program) => checkPaths(program, ALL_PATHS);
const checkInspectedPaths = (program: Program) => checkPaths(program, INSPECTED_PATHS);

const assertOptions = (numRuns: number) => ({
  numRuns,
  ...(seed !== undefined && { seed }),
  ...(replayPath !== undefined && { path: replayPath, endOnFailure: true }),
});

describe('dispatch rules: the real bus agrees with the reference model on every path', () => {
  test('random programs', () => fc.assert(fc.asyncProperty(programArbitrary, checkAllPaths), assertOptions(runs)), timeout);

  // No middleware and no '*': a plain bus's emit takes its hot path, where contexts are made only when needed.
  test(
    'random programs on the hot path (kept contexts, one-parameter handlers)',
    () => fc.assert(fc.asyncProperty(hotPathPrograms, checkAllPaths), assertOptions(Math.ceil(runs / 3))),
    timeout,
  );

  // Only the inspected paths' programs differ from the first test's, so only those paths run.
  test(
    'random programs with an inspector that acts at some moment of every dispatch',
    () => fc.assert(fc.asyncProperty(actingInspectorPrograms, checkInspectedPaths), assertOptions(runs)),
    timeout,
  );
});
