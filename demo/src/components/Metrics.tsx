import { useLogStore } from '../stores/log-store';
import { useMetricsStore } from '../stores/metrics-store';
import { Panel } from './Panel';

/**
 * What the middleware chain saw: events counted by the metrics middleware, events blocked per
 * middleware, revenue recorded by analytics, and the logging middleware's last lines.
 *
 * @example
 * <Metrics />
 */
export function Metrics() {
  const counts = useMetricsStore((s) => s.counts);
  const blocked = useMetricsStore((s) => s.blocked);
  const revenue = useMetricsStore((s) => s.revenue);
  const lines = useLogStore((s) => s.lines);
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  return (
    <Panel title="Metrics" pattern="middleware: logging → authorization → metrics, in registration order">
      <dl className="figures">
        <div>
          <dt>events passed</dt>
          <dd data-testid="events-passed">{total}</dd>
        </div>
        {Object.entries(blocked).map(([name, n]) => (
          <div key={name} className="blocked">
            <dt>blocked by {name}</dt>
            <dd data-testid={`blocked-${name}`}>{n}</dd>
          </div>
        ))}
        <div>
          <dt>analytics revenue</dt>
          <dd data-testid="revenue">€{revenue}</dd>
        </div>
      </dl>
      <table className="counts" aria-label="Events by type">
        <tbody>
          {rows.map(([type, n]) => (
            <tr key={type}>
              <th scope="row">{type}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <pre className="log" data-testid="log">
        {lines.length ? lines.map((l) => l.text).join('\n') : 'The logging middleware writes here.'}
      </pre>
    </Panel>
  );
}
