import { useEvent } from '../bus/hooks';
import { DomainEvent } from '../domain/domain-event';
import { useAuditStore } from '../stores/audit';
import { Panel } from './Panel';

const time = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false });

/**
 * Every domain event, whatever its subclass: one subscription to the DomainEvent base class
 * (the seed's typed hierarchy).
 *
 * @example
 * <AuditLog />
 */
export function AuditLog() {
  const entries = useAuditStore((s) => s.entries);
  const record = useAuditStore((s) => s.record);
  useEvent(
    DomainEvent,
    (event, ctx) =>
      record({
        id: ctx.id,
        type: ctx.type,
        summary: event.summary(),
        at: ctx.timestamp,
        correlationId: ctx.correlationId,
        depth: ctx.depth,
      }),
    { label: 'audit log' },
  );
  return (
    <Panel title="Audit log" pattern="one useEvent(DomainEvent) receives every subclass" className="audit">
      {entries.length === 0 ? (
        <p className="empty">Domain events will appear here.</p>
      ) : (
        <ol className="audit-entries">
          {entries.map((e) => (
            <li key={e.id} title={`correlation ${e.correlationId}`}>
              <time>{time(e.at)}</time>
              <span style={{ paddingLeft: `${Math.min(e.depth, 4) * 0.6}em` }}>
                <span className="type">{e.type}</span> {e.summary}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
