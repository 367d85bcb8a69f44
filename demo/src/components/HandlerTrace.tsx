import { useTraceStore } from '../stores/trace-store';

const NONE: readonly never[] = [];

/**
 * The OrderPlaced handlers of one order, in the order the bus ran them, with their priority:
 * validation (100) first, analytics (-10) last, a failed run marked.
 *
 * @example
 * <HandlerTrace orderId="o-1" />
 */
export function HandlerTrace({ orderId }: { readonly orderId: string }) {
  const runs = useTraceStore((s) => s.runs[orderId] ?? NONE);
  return (
    <ol className="trace" aria-label={`Handlers for ${orderId}`}>
      {runs.map((run) => (
        <li key={run.label} className={run.outcome === 'error' ? 'failed' : undefined} title={`priority ${run.priority}`}>
          {run.label}
          {run.priority !== 0 && <small> p{run.priority}</small>}
          {run.outcome === 'error' && ' ✗'}
        </li>
      ))}
    </ol>
  );
}
