import { eventKey } from '../../stream-reader';
import type { SagaRecord } from '../model/instances';
import { useInstances, useModel } from './model-context';

/** How each saga state reads in the table, and the badge colour it borrows from the log. */
const STATUS = {
  started: { text: 'pending', badge: 'pending' },
  progress: { text: 'pending', badge: 'pending' },
  duplicate: { text: 'duplicate ignored', badge: 'pending' },
  completed: { text: 'completed', badge: 'replayed' },
  timedOut: { text: 'timed out', badge: 'failed' },
  failed: { text: 'failed', badge: 'failed' },
} as const satisfies Record<SagaRecord['status'], { text: string; badge: string }>;

/**
 * Every saga key the buses reported (`createSaga`): pending, completed, timed out or failed, what
 * it received so far, and the events that moved it, each a link to that event in the log.
 */
export const SagasView = () => {
  const model = useModel();
  const instances = useInstances((s) => s.instances);
  const open = (instanceKey: string, eventId: string) => {
    model.selection.getState().select(eventKey(instanceKey, eventId));
    model.selection.getState().setView('log');
  };
  const withSagas = [...instances.values()].filter((instance) => instance.sagas.length > 0);
  return (
    <section className="hb-scroll-view" aria-label="Sagas">
      {withSagas.length === 0 && <p className="hb-muted">No saga has reported yet: sagas made with createSaga(bus, …) show here.</p>}
      {withSagas.map((instance) => (
        <div key={instance.key}>
          <h3>
            {instance.info.name} {instance.live ? '' : <span className="hb-muted">(gone)</span>}
          </h3>
          <table className="hb-table">
            <thead>
              <tr>
                <th>saga</th>
                <th>key</th>
                <th>state</th>
                <th>received</th>
                <th>moved by</th>
              </tr>
            </thead>
            <tbody>
              {instance.sagas.map((saga) => (
                <tr key={`${saga.saga}/${saga.key}`} data-testid="saga">
                  <td>{saga.saga}</td>
                  <td>{saga.key}</td>
                  <td>
                    <span className={`hb-badge hb-badge-${STATUS[saga.status].badge}`}>{STATUS[saga.status].text}</span>
                  </td>
                  <td>{saga.received.join(', ')}</td>
                  <td>
                    {saga.eventIds.map((eventId) => (
                      <button key={eventId} type="button" className="hb-link" onClick={() => open(instance.key, eventId)}>
                        {eventId}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
};
