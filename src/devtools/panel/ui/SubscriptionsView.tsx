import { useModel, useSlice } from './model-context';

/** Who listens to what, per bus, in the order handlers run (priority, then subscription order). */
export const SubscriptionsView = () => {
  const model = useModel();
  const instances = useSlice(
    (m) => m.instances,
    (s) => s.instances,
  );
  return (
    <section className="hb-scroll-view" aria-label="Subscriptions">
      <button type="button" className="hb-button" onClick={() => model.refreshSubscriptions()}>
        Refresh
      </button>
      {[...instances.values()].map((instance) => (
        <div key={instance.key}>
          <h3>
            {instance.info.name} {instance.live ? '' : <span className="hb-muted">(gone)</span>}
          </h3>
          {instance.subscriptions.length === 0 ? (
            <p className="hb-muted">No subscriptions.</p>
          ) : (
            <table className="hb-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>type</th>
                  <th>label</th>
                  <th>priority</th>
                  <th>flags</th>
                </tr>
              </thead>
              <tbody>
                {instance.subscriptions.map((s, index) => (
                  <tr key={s.id}>
                    <td>{index + 1}</td>
                    <td>{s.type}</td>
                    <td>{s.label}</td>
                    <td>{s.priority}</td>
                    <td>{[s.isClass ? 'class' : '', s.once ? 'once' : ''].filter(Boolean).join(' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
};
