/**
 * The shape of a generated program: what the real bus and the reference model both run.
 * Indexes ("subscription #n", "middleware #n") are taken modulo what exists when the step runs,
 * so every generated program is meaningful whatever came before it.
 */

/**
 * What a subscription listens to: two string keys, every event, a pattern (`'**'`: every string
 * key, one or more segments; never a class event), or a class (Child extends Base).
 */
export type SubscriptionKey = 'a' | 'b' | '*' | '**' | 'Base' | 'Child';
/** What is dispatched: a string key's payload, or a Child instance. */
export type DispatchTarget = 'a' | 'b' | 'Child';
/** How a handler or onError ends: returns, throws, or returns a promise settled by a later `setImmediate`. */
export type Outcome = 'return' | 'throw' | 'rejectLater' | 'resolveLater';

/** A subscription made from inside a dispatch (no nested behaviour: keeps programs finite). */
export interface LeafSubscription {
  readonly key: SubscriptionKey;
  readonly arity: 1 | 2;
  readonly priority: number;
  readonly once: boolean;
  readonly outcome: Outcome;
  /** Its own onError's outcome, or null for the bus onError. */
  readonly onError: Outcome | null;
}

/** One subscription as the reference model and the bus runner both make it. */
export interface SubscriptionSpec {
  readonly key: SubscriptionKey;
  readonly arity: 1 | 2;
  readonly priority: number;
  readonly once: boolean;
  /** Index of one of the run's AbortControllers, or null. */
  readonly signal: number | null;
  readonly onError: Behaviour | null;
  readonly labelled: boolean;
  readonly behaviour: Behaviour;
}

/**
 * The subscription a handler makes from inside a dispatch: no signal or label, and its handler
 * and onError only end (with the leaf's outcomes).
 *
 * @example
 * subscribe(specOfLeaf(action.subscription))
 */
export const specOfLeaf = (leaf: LeafSubscription): SubscriptionSpec => ({
  key: leaf.key,
  arity: leaf.arity,
  priority: leaf.priority,
  once: leaf.once,
  signal: null,
  onError: leaf.onError === null ? null : { actions: [], outcome: leaf.onError },
  labelled: false,
  behaviour: { actions: [], outcome: leaf.outcome },
});

/** Where a nested dispatch goes through: the context, the bare bus, or a context kept earlier. */
export type DispatchVia = 'ctx' | 'bus' | 'kept';

/**
 * A side effect run synchronously when a handler, middleware or onError is called, in order.
 * `'self'` means the caller's own subscription or middleware (a no-op where there is none).
 */
export type Action =
  | { readonly kind: 'unsubscribe'; readonly target: 'self' | number }
  | { readonly kind: 'abort'; readonly controller: number }
  | { readonly kind: 'subscribe'; readonly subscription: LeafSubscription }
  | { readonly kind: 'removeMiddleware'; readonly target: 'self' | number }
  /** Adds a plain synchronous middleware (named by option), which first sees the next event. */
  | { readonly kind: 'use'; readonly decision: 'pass' | 'transform' | 'returnNull' }
  | { readonly kind: 'keepCtx' }
  /** Detaches the program's acting inspector (on inspected paths): it is told nothing more, not even the rest of running dispatches. */
  | { readonly kind: 'detachInspector' }
  | {
      readonly kind: 'dispatch';
      readonly via: DispatchVia;
      readonly method: 'emit' | 'publish';
      /** `'same'`: the event being handled, again (a one-parameter handler, which has no ctx.type, sends a new 'a'). */
      readonly target: DispatchTarget | 'same';
      readonly payloadless: boolean;
    };

/** A handler's or an onError's behaviour. */
export interface Behaviour {
  readonly actions: readonly Action[];
  readonly outcome: Outcome;
}

/** What a middleware decides (when its `when` matches the event's type; otherwise it passes). */
export type MiddlewareDecisionKind = 'pass' | 'transform' | 'returnNull' | 'block' | 'blockWithReason' | 'throw';

export interface MiddlewareBehaviour {
  readonly decision: MiddlewareDecisionKind;
  /** Decides in a later `setImmediate` (a promise), after its actions ran synchronously. */
  readonly async: boolean;
  readonly when: 'always' | DispatchTarget;
  readonly actions: readonly Action[];
}

/** How a middleware's name is given: the `name` option, the function's own name, or neither. */
export type MiddlewareNaming = 'option' | 'function' | 'anonymous';

export type Step =
  | ({ readonly kind: 'subscribe' } & SubscriptionSpec)
  | { readonly kind: 'unsubscribe'; readonly target: number }
  | { readonly kind: 'abort'; readonly controller: number }
  | { readonly kind: 'use'; readonly naming: MiddlewareNaming; readonly behaviour: MiddlewareBehaviour }
  | { readonly kind: 'remove'; readonly target: number }
  | { readonly kind: 'dispatch'; readonly target: DispatchTarget; readonly payloadless: boolean };

/** The moments of a dispatch an acting inspector reacts to (the observation kinds of the same names). */
export type InspectorMoment = 'event' | 'middleware' | 'handler-start' | 'handler-end' | 'dispatched' | 'subscribe' | 'unsubscribe';

/**
 * An inspector that changes the bus when it observes `on`, every time: it may unsubscribe, abort,
 * subscribe, use or remove middleware (`'self'` targets are no-ops: it owns nothing), and
 * dispatch, through the bus or a kept ctx. Through the bus, its dispatch is caused by the observed
 * one (on a moment of a dispatch), else by whatever runs (a subscribe from inside a handler, say).
 * It has no ctx of its own to keep.
 */
export interface InspectorBehaviour {
  readonly on: InspectorMoment;
  readonly actions: readonly Action[];
}

export interface Program {
  readonly busOnError: Behaviour;
  /** An extra inspector on the inspected paths that fails on every middleware decision and handler start. */
  readonly inspectorFailure: 'none' | 'throw' | 'reject';
  /** An extra inspector on the inspected paths that acts during dispatches, or none. */
  readonly inspectorActs: InspectorBehaviour | null;
  readonly steps: readonly Step[];
}

/** Limits shared by the model and the runner, so both stop at the same point. */
export const LIMITS = {
  maxDepth: 4,
  /** Nested dispatches per run (root dispatches are not counted). */
  nestedDispatches: 24,
  /** Subscriptions per run (subscribing past it does nothing). */
  subscriptions: 24,
  /** Middleware per run, likewise (root steps are not limited). */
  middleware: 8,
  controllers: 3,
} as const;

/** Whether an event of `type` reaches a subscription of `key` (Child extends Base; patterns match string keys only). */
export const reaches = (key: SubscriptionKey, type: DispatchTarget): boolean =>
  key === '*' || key === type || (key === '**' && type !== 'Child') || (type === 'Child' && key === 'Base');

/** Whether a middleware's decision applies to an event of `type`. */
export const applies = (when: MiddlewareBehaviour['when'], type: DispatchTarget): boolean => when === 'always' || when === type;
