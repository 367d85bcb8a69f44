import type { EventRecord } from './event-record';

/** One node of a causation tree: an event and the events its handlers published. */
export interface CausationNode {
  readonly record: EventRecord;
  readonly children: readonly CausationNode[];
}

interface Lookup {
  readonly byKey: (key: string) => EventRecord | undefined;
  readonly childrenOf: (key: string) => readonly string[];
}

const MAX_NODES = 500;

/**
 * The causation tree an event belongs to: up `causationId` to the first event still recorded,
 * then down through every event published from a handler. Bounded, and safe on cycles.
 *
 * @example
 * const tree = causationTreeOf(events.getState(), selectedKey)
 */
export const causationTreeOf = (lookup: Lookup, key: string): CausationNode | undefined => {
  let root = lookup.byKey(key);
  if (!root) return undefined;
  const climbed = new Set<string>([root.key]);
  while (root.causationId !== undefined) {
    const parent: EventRecord | undefined = lookup.byKey(`${root.instanceKey}#${root.causationId}`);
    if (!parent || climbed.has(parent.key)) break;
    climbed.add(parent.key);
    root = parent;
  }
  const seen = new Set<string>();
  const build = (record: EventRecord): CausationNode => {
    seen.add(record.key);
    const children: CausationNode[] = [];
    for (const childKey of lookup.childrenOf(record.key)) {
      const child = lookup.byKey(childKey);
      if (child && !seen.has(child.key) && seen.size < MAX_NODES) children.push(build(child));
    }
    return { record, children };
  };
  return build(root);
};
