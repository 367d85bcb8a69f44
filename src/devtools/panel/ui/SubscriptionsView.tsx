import type { LeakSuspectEntry, SubscriptionEntry } from '../../protocol';
import { useInstances, useModel } from './model-context';

/** The suspect a subscription belongs to: by its label, else by its key. */
const leakOf = (leaks: readonly LeakSuspectEntry[], subscription: SubscriptionEntry) =>
  leaks.find((leak) => (leak.by === 'label' ? leak.name === subscription.label : leak.name === subscription.type));

const describeLeak = (leak: LeakSuspectEntry) =>
  `Possible leak: ${leak.by} "${leak.name}" has ${leak.live} live subscriptions (+${leak.growth} and still growing). Unsubscribe on cleanup.`;

/** Who listens to what, per bus, in the order handlers run (priority, then subscription order). */
export const SubscriptionsView = () => {
  const model = useModel();
  const instances = useInstances((s) => s.instances);
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
          {instance.leaks && instance.leaks.length > 0 && (
            <ul className="hb-leaks" aria-label="Possible subscription leaks">
              {instance.leaks.map((leak) => (
                <li key={`${leak.by}:${leak.name}`} className="hb-error-text" data-testid="leak">
                  <span className="hb-badge hb-badge-leak">leak?</span> {describeLeak(leak)}
                </li>
              ))}
            </ul>
          )}
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
                {instance.subscriptions.map((s, index) => {
                  const leak = leakOf(instance.leaks ?? [], s);
                  return (
                    <tr key={s.id} className={leak ? 'hb-row-leak' : undefined} title={leak ? describeLeak(leak) : undefined}>
                      <td>{index + 1}</td>
                      <td>{s.type}</td>
                      <td>{s.label}</td>
                      <td>{s.priority}</td>
                      <td>
                        {[s.isClass ? 'class' : '', s.once ? 'once' : ''].filter(Boolean).join(' ')}
                        {leak && <span className="hb-badge hb-badge-leak">leak?</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
};
