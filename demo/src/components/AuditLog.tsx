import { useEvent } from '../bus/hooks';
import { DomainEvent } from '../domain/domain-event';
import { useAuditStore } from '../stores/audit';
import { Panel } from './Panel';

/**
 * The audit log's priority: above every handler that publishes (validation 100, the saga and the
 * services 0), so an event is logged before what it causes and the newest-first log never shows an
 * effect older than its cause.
 *
 * @example
 * useEvent(DomainEvent, record, { priority: AUDIT_LOG_PRIORITY })
 */
export const AUDIT_LOG_PRIORITY = 1000;

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
    { label: 'audit log', priority: AUDIT_LOG_PRIORITY },
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
