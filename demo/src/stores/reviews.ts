import { create } from 'zustand';
import { useEvent } from '../bus/hooks';
import { ProductReviewed } from '../domain/review-events';

/** A stored event the registry refused, with its reason. */
export interface RejectedEnvelope {
  readonly id: number;
  readonly type: string;
  readonly version: string;
  readonly reason: string;
}

/** A review as the last replay rebuilt it, keyed by the id of the event that carried it. */
export interface ReplayedReview {
  readonly id: string;
  readonly review: ProductReviewed;
}

/** What the last replay of stored reviews rebuilt. */
export interface ReviewsState {
  readonly reviews: readonly ReplayedReview[];
  readonly rejected: readonly RejectedEnvelope[];
}

/**
 * Replayed reviews and refused envelopes of the last replay; changed only by {@link useReviewsFeed}.
 *
 * @example
 * const reviews = useReviewsStore((s) => s.reviews)
 */
export const useReviewsStore = create<ReviewsState>()(() => ({ reviews: [], rejected: [] }));

let nextId = 0;
const field = (envelope: unknown, name: string) =>
  typeof envelope === 'object' && envelope !== null && name in envelope ? String((envelope as Record<string, unknown>)[name]) : '?';

/**
 * Feeds reviews from ProductReviewed (upcast or not) and refusals from 'replay/rejected'. A new
 * replay starts from nothing: replaying the same store twice rebuilds the same list, it does not
 * double it.
 *
 * @example
 * function App() { useReviewsFeed(); ... }
 */
export const useReviewsFeed = (): void => {
  useEvent('replay/started', () => useReviewsStore.setState({ reviews: [], rejected: [] }), { label: 'reviews store: reset' });
  useEvent(ProductReviewed, (review, ctx) => useReviewsStore.setState((s) => ({ reviews: [...s.reviews, { id: ctx.id, review }] })), {
    label: 'reviews store: review',
  });
  useEvent(
    'replay/rejected',
    ({ envelope, reason }) =>
      useReviewsStore.setState((s) => ({
        rejected: [...s.rejected, { id: ++nextId, type: field(envelope, 'type'), version: field(envelope, 'version'), reason }],
      })),
    { label: 'reviews store: rejected' },
  );
};
