import { useRef, useState } from 'react';
import { useBus } from '../bus/hooks';
import { replayStored } from '../replay/replay-stored';
import { reviewRegistry } from '../replay/review-registry';
import { storedReviews } from '../replay/stored-reviews';
import { useReviewsStore } from '../stores/reviews';
import { Panel } from './Panel';

/**
 * Replays reviews stored by an older release: v1 envelopes are upcast to v2 by the registry and
 * validated with zod; the ones it cannot decode are listed with the registry's reason. Each replay
 * rebuilds the list from the stored events, as a read model would.
 *
 * @example
 * <Reviews />
 */
export function Reviews() {
  const bus = useBus();
  const reviews = useReviewsStore((s) => s.reviews);
  const rejected = useReviewsStore((s) => s.rejected);
  const [replaying, setReplaying] = useState(false);
  // A ref as well as the state: two clicks before React re-renders would both see `replaying` false
  // and interleave two replays into one list.
  const running = useRef(false);
  const replay = async () => {
    if (running.current) return;
    running.current = true;
    setReplaying(true);
    try {
      await replayStored(bus, reviewRegistry, storedReviews);
    } finally {
      running.current = false;
      setReplaying(false);
    }
  };
  return (
    <Panel title="Reviews" pattern="versioned events: registry upcasts v1 → v2, zod validates">
      <button type="button" disabled={replaying} onClick={() => void replay()}>
        Replay {storedReviews.length} stored events
      </button>
      <ul className="reviews">
        {reviews.map(({ id, review }) => (
          <li key={id} aria-label={`Review of ${review.sku}`}>
            <span className="version">{review.migratedFrom ? `v${review.migratedFrom} → v2` : 'v2'}</span>
            <strong>
              {review.rating.value}/{review.rating.scale}
            </strong>{' '}
            {review.sku}: “{review.text}” <em>{review.author}</em>
          </li>
        ))}
        {rejected.map((entry) => (
          <li key={entry.id} className="rejected" aria-label={`Rejected ${entry.type} v${entry.version}`}>
            <span className="version">rejected</span> {entry.reason}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
