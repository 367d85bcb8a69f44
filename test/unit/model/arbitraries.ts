/**
 * fast-check generators of {@link Program}s. Most participants are plain (return at once) so
 * that programs stay readable once shrunk; side effects and failures are frequent enough that a
 * few hundred runs hit every combination the rules talk about. A second profile keeps to the
 * bus's hot path (no middleware, no '*' subscriber) where contexts are made lazily; a third always
 * attaches an inspector that acts, and gives subscriptions signals more often.
 */
import fc from 'fast-check';
import type {
  Action,
  Behaviour,
  DispatchTarget,
  DispatchVia,
  InspectorBehaviour,
  InspectorMoment,
  LeafSubscription,
  MiddlewareBehaviour,
  MiddlewareDecisionKind,
  MiddlewareNaming,
  Outcome,
  Program,
  Step,
  SubscriptionKey,
} from './program';
import { LIMITS } from './program';

const dispatchTarget = fc.constantFrom<DispatchTarget>('a', 'Child', 'b');
const priority = fc.integer({ min: -2, max: 2 });
const arity = fc.constantFrom<1 | 2>(1, 2);
const controller = fc.nat(LIMITS.controllers - 1);
const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  { arbitrary: fc.constant<Outcome>('return'), weight: 2 },
  { arbitrary: fc.constant<Outcome>('throw'), weight: 2 },
  { arbitrary: fc.constantFrom<Outcome>('rejectLater', 'resolveLater'), weight: 2 },
);

const leafSubscriptionOf = (key: fc.Arbitrary<SubscriptionKey>): fc.Arbitrary<LeafSubscription> =>
  fc.record({
    key,
    arity,
    priority,
    once: fc.boolean(),
    outcome,
    onError: fc.option(outcome, { freq: 2 }),
  });

/** How likely each kind of action is, per kind of participant (a middleware mostly removes middleware, say). */
type ActionWeights = Record<Action['kind'], number>;

const actionWith = (
  weights: ActionWeights,
  via: fc.Arbitrary<DispatchVia>,
  leafSubscription: fc.Arbitrary<LeafSubscription>,
): fc.Arbitrary<Action> =>
  fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), target: fc.oneof(fc.constant('self' as const), fc.nat(7)) }),
      weight: weights.unsubscribe,
    },
    { arbitrary: fc.record({ kind: fc.constant('abort' as const), controller }), weight: weights.abort },
    { arbitrary: fc.record({ kind: fc.constant('subscribe' as const), subscription: leafSubscription }), weight: weights.subscribe },
    {
      arbitrary: fc.record({ kind: fc.constant('removeMiddleware' as const), target: fc.oneof(fc.constant('self' as const), fc.nat(3)) }),
      weight: weights.removeMiddleware,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('use' as const),
        decision: fc.constantFrom('pass' as const, 'transform' as const, 'returnNull' as const),
      }),
      weight: weights.use,
    },
    { arbitrary: fc.constant({ kind: 'keepCtx' as const }), weight: weights.keepCtx },
    { arbitrary: fc.constant({ kind: 'detachInspector' as const }), weight: weights.detachInspector },
    {
      arbitrary: fc.record({
        kind: fc.constant('dispatch' as const),
        via,
        method: fc.constantFrom('emit' as const, 'publish' as const),
        target: fc.constantFrom<DispatchTarget | 'same'>('same', 'a', 'Child', 'b'),
        payloadless: fc.boolean(),
      }),
      weight: weights.dispatch,
    },
  );

/** What to generate: everything, or only what the bus's hot path (plain emit) handles. */
export interface Profile {
  /** '*' subscriptions and middleware (without them, emit takes the hot path: contexts are made lazily). */
  readonly wildcardAndMiddleware: boolean;
  /**
   * Every program's inspector acts, and half the subscriptions have a signal: a bug that needs an
   * inspector reacting to a subscription's own signal (say) is found in hundreds of runs, not thousands.
   */
  readonly actingInspector: boolean;
}

export const programsOf = (profile: Profile): fc.Arbitrary<Program> => {
  const everything = profile.wildcardAndMiddleware;
  const signalWeight = profile.actingInspector ? 3 : 1;
  const subscriptionKey = everything
    ? fc.constantFrom<SubscriptionKey>('a', '*', '**', 'Child', 'Base', 'b')
    : fc.constantFrom<SubscriptionKey>('a', '**', 'Child', 'Base', 'b');
  const via = everything ? fc.constantFrom<DispatchVia>('ctx', 'bus', 'kept') : fc.constantFrom<DispatchVia>('ctx', 'bus', 'kept', 'kept');
  const leafSubscription = leafSubscriptionOf(subscriptionKey);
  const handlerWeights: ActionWeights = {
    unsubscribe: 2,
    abort: 1,
    subscribe: 2,
    removeMiddleware: everything ? 1 : 0,
    use: everything ? 1 : 0,
    keepCtx: everything ? 2 : 4,
    dispatch: 3,
    detachInspector: 1,
  };
  const action = actionWith(handlerWeights, via, leafSubscription);
  const middlewareAction = actionWith(
    { unsubscribe: 1, abort: 1, subscribe: 1, removeMiddleware: 3, use: 1, keepCtx: 1, dispatch: 2, detachInspector: 1 },
    via,
    leafSubscription,
  );

  // An inspector acts as a handler does, but has no ctx to keep and dispatches a little less
  // often, through the bus or a ctx a handler kept.
  const inspectorAction = actionWith(
    { ...handlerWeights, keepCtx: 0, dispatch: 2 },
    fc.constantFrom<DispatchVia>('bus', 'kept'),
    leafSubscription,
  );
  const inspectorBehaviour: fc.Arbitrary<InspectorBehaviour> = fc.record({
    on: fc.constantFrom<InspectorMoment>('event', 'middleware', 'handler-start', 'handler-end', 'dispatched', 'subscribe', 'unsubscribe'),
    actions: fc.array(inspectorAction, { minLength: 1, maxLength: 2 }),
  });

  const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
    { arbitrary: fc.constant<Behaviour>({ actions: [], outcome: 'return' }), weight: 1 },
    { arbitrary: fc.record({ actions: fc.array(action, { maxLength: 2 }), outcome }), weight: 2 },
  );
  const middlewareBehaviour: fc.Arbitrary<MiddlewareBehaviour> = fc.record({
    decision: fc.oneof(
      { arbitrary: fc.constant<MiddlewareDecisionKind>('pass'), weight: 3 },
      { arbitrary: fc.constantFrom<MiddlewareDecisionKind>('transform', 'returnNull', 'block', 'blockWithReason', 'throw'), weight: 3 },
    ),
    async: fc.boolean(),
    when: fc.constantFrom<MiddlewareBehaviour['when']>('always', 'a', 'Child'),
    actions: fc.oneof(
      { arbitrary: fc.constant([]), weight: 1 },
      { arbitrary: fc.array(middlewareAction, { minLength: 1, maxLength: 2 }), weight: 1 },
    ),
  });
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('subscribe' as const),
        key: subscriptionKey,
        arity,
        priority,
        once: fc.boolean(),
        signal: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: controller, weight: signalWeight }),
        onError: fc.option(behaviour, { freq: 2 }),
        labelled: fc.boolean(),
        behaviour,
      }),
      weight: 6,
    },
    { arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), target: fc.nat(9) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('abort' as const), controller }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('use' as const),
        naming: fc.constantFrom<MiddlewareNaming>('option', 'function', 'anonymous'),
        behaviour: middlewareBehaviour,
      }),
      weight: everything ? 2 : 0,
    },
    { arbitrary: fc.record({ kind: fc.constant('remove' as const), target: fc.nat(3) }), weight: everything ? 1 : 0 },
    { arbitrary: fc.record({ kind: fc.constant('dispatch' as const), target: dispatchTarget, payloadless: fc.boolean() }), weight: 4 },
  );
  return fc.record({
    busOnError: behaviour,
    inspectorFailure: fc.constantFrom<Program['inspectorFailure']>('none', 'none', 'throw', 'reject'),
    inspectorActs: profile.actingInspector ? inspectorBehaviour : fc.option(inspectorBehaviour, { freq: 2 }),
    steps: fc.array(step, { minLength: 1, maxLength: 14 }),
  });
};

/** Programs using every feature. */
export const programArbitrary = programsOf({ wildcardAndMiddleware: true, actingInspector: false });
/** Programs that stay on the hot path of a plain bus's emit (no middleware, no '*'), keeping and reusing contexts more often. */
export const hotPathPrograms = programsOf({ wildcardAndMiddleware: false, actingInspector: false });
/** Programs using every feature, always with an inspector that acts, and with more signals. */
export const actingInspectorPrograms = programsOf({ wildcardAndMiddleware: true, actingInspector: true });
