import { useState } from 'react';
import { useEvent, usePublish } from '../bus/hooks';
import { useProblemsStore } from '../stores/problems-store';
import { Panel } from './Panel';

/**
 * Starts a ping → pong → ping loop; the bus refuses it past `maxDepth` with an EventStormError.
 *
 * @example
 * <StormPanel />
 */
export function StormPanel() {
  const publish = usePublish();
  const [bounces, setBounces] = useState(0);
  const storm = useProblemsStore((s) => s.problems.findLast((p) => p.source === 'storm'));
  const count = ({ bounce }: { readonly bounce: number }) => setBounces((n) => Math.max(n, bounce));
  useEvent('storm/ping', count, { label: 'storm panel: ping' });
  useEvent('storm/pong', count, { label: 'storm panel: pong' });
  const start = () => {
    setBounces(0);
    void publish('storm/ping', { bounce: 0 });
  };
  return (
    <Panel title="Storm guard" pattern="A → B → A loops end with EventStormError, not a frozen tab">
      <button type="button" onClick={start}>
        Start ping ⇄ pong loop
      </button>
      <p data-testid="storm-bounces">{bounces} bounces</p>
      {storm && (
        <p className="result blocked" role="status" aria-label="Storm result">
          Stopped: {storm.name}: {storm.message}
        </p>
      )}
    </Panel>
  );
}
