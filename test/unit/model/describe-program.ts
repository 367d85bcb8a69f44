/** A program as short readable lines: what a shrunk counterexample is reported as. */
import type { Action, Behaviour, LeafSubscription, MiddlewareBehaviour, Program } from './program';

const action = (step: Action): string => {
  switch (step.kind) {
    case 'unsubscribe':
      return `unsubscribe ${step.target === 'self' ? 'self' : `#${step.target}`}`;
    case 'abort':
      return `abort signal${step.controller}`;
    case 'subscribe':
      return `subscribe(${leaf(step.subscription)})`;
    case 'removeMiddleware':
      return `remove middleware ${step.target === 'self' ? 'self' : `#${step.target}`}`;
    case 'use':
      return `use(${step.decision})`;
    case 'keepCtx':
      return 'keep ctx';
    case 'detachInspector':
      return 'detach the acting inspector';
    case 'dispatch':
      return `${step.via === 'bus' ? 'bus' : step.via === 'kept' ? 'keptCtx' : 'ctx'}.${step.method}(${step.target}${step.payloadless ? ', no payload' : ''})`;
  }
};

const leaf = (subscription: LeafSubscription): string =>
  `${subscription.key}, ${subscription.arity}-param, priority ${subscription.priority}${subscription.once ? ', once' : ''}, ${subscription.outcome}` +
  (subscription.onError ? `, onError ${subscription.onError}` : '');

export const describeBehaviour = (behaviour: Behaviour): string => [...behaviour.actions.map(action), behaviour.outcome].join('; ');

const middleware = (behaviour: MiddlewareBehaviour): string =>
  [
    ...behaviour.actions.map(action),
    `${behaviour.async ? 'later ' : ''}${behaviour.decision}${behaviour.when === 'always' ? '' : ` (on ${behaviour.when} only)`}`,
  ].join('; ');

export const describeProgram = (program: Program): string => {
  // hN/mN number root steps in order; a subscription made while the program runs takes the next free hN then.
  const lines = [`bus onError: ${describeBehaviour(program.busOnError)}`];
  if (program.inspectorFailure !== 'none')
    lines.push(`inspected paths: an inspector that ${program.inspectorFailure}s on middleware decisions and handler starts`);
  if (program.inspectorActs)
    lines.push(
      `inspected paths: an inspector that, on each '${program.inspectorActs.on}', does: ${program.inspectorActs.actions.map(action).join('; ')}`,
    );
  let subscriptions = 0;
  let middlewareCount = 0;
  for (const step of program.steps) {
    switch (step.kind) {
      case 'subscribe': {
        const options = [
          `priority ${step.priority}`,
          step.once && 'once',
          step.signal !== null && `signal${step.signal}`,
          step.labelled && 'label',
          step.onError && `onError: ${describeBehaviour(step.onError)}`,
        ].filter(Boolean);
        lines.push(
          `h${subscriptions++} = subscribe(${step.key}, ${step.arity}-param: ${describeBehaviour(step.behaviour)}; { ${options.join(', ')} })`,
        );
        break;
      }
      case 'unsubscribe':
        lines.push(`unsubscribe #${step.target}`);
        break;
      case 'abort':
        lines.push(`abort signal${step.controller}`);
        break;
      case 'use':
        lines.push(`m${middlewareCount++} = use(${middleware(step.behaviour)}; named by ${step.naming})`);
        break;
      case 'remove':
        lines.push(`remove middleware #${step.target}`);
        break;
      case 'dispatch':
        lines.push(`dispatch ${step.target}${step.payloadless && step.target !== 'Child' ? ' (no payload)' : ''}`);
        break;
    }
  }
  return lines.join('\n');
};
