import { useBus } from '../bus/hooks';
import { replayStored } from '../replay/replay-stored';
import { reviewRegistry } from '../replay/review-registry';
import { storedReviews } from '../replay/stored-reviews';
import { useReviewsStore } from '../stores/reviews';
import { Panel } from './Panel';

/**
 * Replays reviews stored by an older release: v1 envelopes are upcast to v2 by the registry and
 * validated with zod; the ones it cannot decode are listed with the registry's reason.
 *
 * @example
 * <Reviews />
 */
export function Reviews() {
  const bus = useBus();
  const reviews = useReviewsStore((s) => s.reviews);
  const rejected = useReviewsStore((s) => s.rejected);
  return (
    <Panel title="Reviews" pattern="versioned events: registry upcasts v1 → v2, zod validates">
      <button type="button" onClick={() => void replayStored(bus, reviewRegistry, storedReviews)}>
        Replay {storedReviews.length} stored events
      </button>
      <ul className="reviews">
        {reviews.map((r) => (
          <li key={`${r.sku}-${r.author}-${r.text}`} aria-label={`Review of ${r.sku}`}>
            <span className="version">{r.migratedFrom ? `v${r.migratedFrom} → v2` : 'v2'}</span>
            <strong>
              {r.rating.value}/{r.rating.scale}
            </strong>{' '}
            {r.sku}: “{r.text}” <em>{r.author}</em>
          </li>
        ))}
        {rejected.map((r) => (
          <li key={r.id} className="rejected" aria-label={`Rejected ${r.type} v${r.version}`}>
            <span className="version">rejected</span> {r.reason}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
