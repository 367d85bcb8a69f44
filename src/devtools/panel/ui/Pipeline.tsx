import type { SerializedError } from '../../protocol';
import type { EventRecord } from '../model/event-record';
import { formatDuration } from './format';
import { PayloadTree } from './PayloadTree';

const ErrorBlock = ({ error }: { error: SerializedError }) => (
  <div className="hb-error-block" role="alert">
    <div className="hb-error-text">
      {error.name}: {error.message}
    </div>
    {error.stack && (
      <details>
        <summary>stack trace</summary>
        <pre className="hb-stack">{error.stack}</pre>
      </details>
    )}
  </div>
);

/**
 * Who blocked an event and the reason it gave, from the `dispatched` entry or else the blocking
 * middleware's own entry (a threw middleware's reason is its error, shown with it); undefined when nothing blocked it.
 */
const blockOf = (record: EventRecord): { by: string; reason: string | undefined } | undefined => {
  const blocker = record.middleware.find((m) => m.decision === 'blocked');
  const by = record.dispatched?.blockedBy ?? blocker?.name;
  if (by === undefined) return undefined;
  return { by, reason: record.dispatched?.blockReason ?? blocker?.reason };
};

/** What happened to an event: each middleware's decision (with before/after for transforms), then each handler run. */
export const Pipeline = ({ record }: { record: EventRecord }) => {
  let current = record.payload;
  const block = blockOf(record);
  return (
    <div className="hb-pipeline">
      <h3>Middleware</h3>
      {record.middleware.length === 0 ? (
        <p className="hb-muted">No middleware ran.</p>
      ) : (
        <ol className="hb-steps">
          {record.middleware.map((step) => {
            const before = current;
            if (step.decision === 'transformed' && step.value !== undefined) current = step.value;
            return (
              <li key={step.seq} className={`hb-step hb-decision-${step.decision}`} data-testid="middleware-step">
                <span className="hb-step-name">{step.name}</span>{' '}
                <span className={`hb-badge hb-badge-${step.decision}`}>{step.decision}</span>{' '}
                <span className="hb-muted">{formatDuration(step.duration)}</span>
                {step.decision === 'blocked' && step.reason !== undefined && <span className="hb-block-reason"> — {step.reason}</span>}
                {step.decision === 'transformed' && step.value !== undefined && (
                  <div className="hb-before-after">
                    <div>
                      <h4>before</h4>
                      <PayloadTree value={before} />
                    </div>
                    <div>
                      <h4>after</h4>
                      <PayloadTree value={step.value} />
                    </div>
                  </div>
                )}
                {step.error && <ErrorBlock error={step.error} />}
              </li>
            );
          })}
        </ol>
      )}
      {block && (
        <p className="hb-blocked-note">
          Blocked by {block.by}:{' '}
          {block.reason === undefined ? (
            'no handler ran.'
          ) : (
            <>
              {block.reason} <span className="hb-muted">(no handler ran)</span>
            </>
          )}
        </p>
      )}
      <h3>Handlers</h3>
      {record.handlers.length === 0 ? (
        <p className="hb-muted">{record.status === 'pending' ? 'Waiting for handlers…' : 'No handler ran.'}</p>
      ) : (
        <ol className="hb-steps">
          {record.handlers.map((run) => (
            <li key={run.seq} className={`hb-step hb-outcome-${run.outcome}`} data-testid="handler-run">
              <span className="hb-step-name">{run.label || `#${run.subscriptionId}`}</span>{' '}
              <span className={`hb-badge hb-badge-${run.outcome === 'ok' ? 'ok' : 'failed'}`}>{run.outcome}</span>{' '}
              <span className="hb-muted">
                {formatDuration(run.duration)}
                {run.async ? ' async' : ''}
              </span>
              {run.error && <ErrorBlock error={run.error} />}
            </li>
          ))}
        </ol>
      )}
      {record.storm && (
        <div className="hb-error-block" role="alert">
          <div className="hb-error-text">Event storm: {record.storm.message}</div>
          <div className="hb-muted">chain: {record.storm.chain.join(' → ')}</div>
        </div>
      )}
    </div>
  );
};
