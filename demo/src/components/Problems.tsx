import { useProblemsStore } from '../stores/problems-store';
import { Panel } from './Panel';

/**
 * Failures the bus isolated: handler errors (with the handler's label), storms, saga timeouts.
 * The shop keeps working through all of them.
 *
 * @example
 * <Problems />
 */
export function Problems() {
  const problems = useProblemsStore((s) => s.problems);
  return (
    <Panel title="Problems" pattern="error isolation: a failing handler never stops the others">
      {problems.length === 0 ? (
        <p className="empty">Nothing failed. Try an order over the analytics limit, or the storm button.</p>
      ) : (
        <ul className="problems">
          {[...problems].reverse().map((p) => (
            <li key={p.id} className={p.source}>
              <strong>{p.name}</strong>{' '}
              {p.source === 'storm' ? (
                p.who
              ) : (
                <>
                  in <code>{p.who}</code>
                </>
              )}{' '}
              ({p.where}): {p.message}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
