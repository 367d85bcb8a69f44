import { causeKeyOf, type EventRecord } from './event-record';

/** One node of a causation tree: an event and the events its handlers published. */
export interface CausationNode {
  readonly record: EventRecord;
  readonly children: readonly CausationNode[];
  /** Events this one caused that are recorded but not drawn: the tree reached its node cap. */
  readonly hiddenChildren: number;
}

interface Lookup {
  readonly byKey: (key: string) => EventRecord | undefined;
  readonly childrenOf: (key: string) => readonly string[];
}

/** Most events a causation tree draws: past it, each node says how many it leaves out. */
export const MAX_CAUSATION_NODES = 500;

/**
 * The id of the event that caused `record` when that event is not in the log (dropped by the
 * page's buffer or the max-events setting, left out by the recording controls, or cleared).
 *
 * @example
 * missingCauseOf(events.getState(), tree.record) // 'shop.41'
 */
export const missingCauseOf = (lookup: Lookup, record: EventRecord): string | undefined => {
  const causeKey = causeKeyOf(record);
  return causeKey !== undefined && !lookup.byKey(causeKey) ? record.causationId : undefined;
};

/**
 * The causation tree an event belongs to: up `causationId` to the first event still recorded,
 * then down through every event published from a handler. Bounded (each node counts the children
 * it could not draw), and safe on cycles.
 *
 * @example
 * const tree = causationTreeOf(events.getState(), selectedKey)
 */
export const causationTreeOf = (lookup: Lookup, key: string): CausationNode | undefined => {
  let root = lookup.byKey(key);
  if (!root) return undefined;
  const climbed = new Set<string>([root.key]);
  for (let causeKey = causeKeyOf(root); causeKey !== undefined; causeKey = causeKeyOf(root)) {
    const parent: EventRecord | undefined = lookup.byKey(causeKey);
    if (!parent || climbed.has(parent.key)) break;
    climbed.add(parent.key);
    root = parent;
  }
  const seen = new Set<string>();
  const build = (record: EventRecord): CausationNode => {
    seen.add(record.key);
    const children: CausationNode[] = [];
    let hiddenChildren = 0;
    for (const childKey of lookup.childrenOf(record.key)) {
      const child = lookup.byKey(childKey);
      if (!child || seen.has(child.key)) continue;
      if (seen.size < MAX_CAUSATION_NODES) children.push(build(child));
      else hiddenChildren++;
    }
    return { record, children, hiddenChildren };
  };
  return build(root);
};
