import { useMemo } from 'react';
import { type CausationNode, causationTreeOf, MAX_CAUSATION_NODES, missingCauseOf } from '../model/causation';
import type { EventRecord } from '../model/event-record';
import { countOf } from './format';
import { useEvents, useModel } from './model-context';

const NodeView = ({ node, selectedKey, onSelect }: { node: CausationNode; selectedKey: string; onSelect: (key: string) => void }) => (
  <li>
    <button
      type="button"
      className={`hb-cause-node hb-status-${node.record.status}${node.record.key === selectedKey ? ' hb-selected' : ''}`}
      onClick={() => onSelect(node.record.key)}
    >
      {node.record.eventType}
    </button>
    {(node.children.length > 0 || node.hiddenChildren > 0) && (
      <ul>
        {node.children.map((child) => (
          <NodeView key={child.record.key} node={child} selectedKey={selectedKey} onSelect={onSelect} />
        ))}
        {node.hiddenChildren > 0 && (
          <li className="hb-muted">
            … {countOf(node.hiddenChildren, 'more event')} not shown (the tree is cut at its first {MAX_CAUSATION_NODES})
          </li>
        )}
      </ul>
    )}
  </li>
);

/** The chain an event belongs to: the event that caused it, and the events its handlers published, down the chain. */
export const CausationView = ({ record }: { record: EventRecord }) => {
  const model = useModel();
  const version = useEvents((s) => s.version);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` is its change signal.
  const tree = useMemo(() => causationTreeOf(model.events.getState(), record.key), [model, record.key, version]);
  if (!tree) return null;
  const missingCause = missingCauseOf(model.events.getState(), tree.record);
  return (
    <div className="hb-causation">
      <p className="hb-muted">correlation {record.correlationId}</p>
      {missingCause !== undefined && (
        <p className="hb-muted">
          {tree.record.eventType} was caused by {missingCause}, which is not in the log (dropped by a buffer or the max-events setting, left
          out by the recording controls, or cleared).
        </p>
      )}
      <ul className="hb-cause-tree" aria-label="Causation tree">
        <NodeView node={tree} selectedKey={record.key} onSelect={(key) => model.selection.getState().select(key)} />
      </ul>
    </div>
  );
};
