import { useMemo } from 'react';
import { computeStats } from '../model/stats';
import { formatDuration } from './format';
import { useEvents, useModel } from './model-context';

/** Per-type counts and rates, and the slowest handler runs recorded. */
export const StatsView = () => {
  const model = useModel();
  const version = useEvents((s) => s.version);
  const evicted = useEvents((s) => s.evicted);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the log is mutated in place; `version` is its change signal.
  const { types, slowest } = useMemo(() => computeStats(model.events.getState().records), [model, version]);
  return (
    <section className="hb-scroll-view" aria-label="Stats">
      <h3>Events by type</h3>
      {evicted > 0 && <p className="hb-muted">{evicted} older events were dropped (max events setting).</p>}
      {types.length === 0 ? (
        <p className="hb-muted">No events recorded yet.</p>
      ) : (
        <table className="hb-table">
          <thead>
            <tr>
              <th>type</th>
              <th>count</th>
              <th>per second</th>
              <th>failed</th>
              <th>blocked</th>
            </tr>
          </thead>
          <tbody>
            {types.map((typeStats) => (
              <tr key={typeStats.eventType}>
                <td>{typeStats.eventType}</td>
                <td>{typeStats.count}</td>
                <td title={typeStats.perSecond === undefined ? 'Needs two events at different times' : undefined}>
                  {typeStats.perSecond === undefined ? '—' : typeStats.perSecond.toFixed(1)}
                </td>
                <td>{typeStats.failed}</td>
                <td>{typeStats.blocked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Slowest handlers</h3>
      {slowest.length === 0 ? (
        <p className="hb-muted">No handler runs recorded yet.</p>
      ) : (
        <table className="hb-table">
          <thead>
            <tr>
              <th>handler</th>
              <th>event</th>
              <th>duration</th>
            </tr>
          </thead>
          <tbody>
            {slowest.map((run) => (
              <tr
                key={`${run.eventKey}/${run.seq}`}
                className="hb-clickable"
                onClick={() => {
                  model.selection.getState().select(run.eventKey);
                  model.selection.getState().setView('log');
                }}
              >
                <td>{run.label || `#${run.subscriptionId}`}</td>
                <td>{run.eventType}</td>
                <td>{formatDuration(run.duration)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
