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

/** Reviews replayed from storage. */
export interface ReviewsState {
  readonly reviews: readonly ProductReviewed[];
  readonly rejected: readonly RejectedEnvelope[];
}

/**
 * Replayed reviews and refused envelopes; changed only by {@link useReviewsFeed}.
 *
 * @example
 * const reviews = useReviewsStore((s) => s.reviews)
 */
export const useReviewsStore = create<ReviewsState>()(() => ({ reviews: [], rejected: [] }));

let nextId = 0;
const field = (envelope: unknown, name: string) =>
  typeof envelope === 'object' && envelope !== null && name in envelope ? String((envelope as Record<string, unknown>)[name]) : '?';

/**
 * Feeds reviews from ProductReviewed (upcast or not) and refusals from 'replay/rejected'.
 *
 * @example
 * function App() { useReviewsFeed(); ... }
 */
export const useReviewsFeed = (): void => {
  useEvent(ProductReviewed, (review) => useReviewsStore.setState((s) => ({ reviews: [...s.reviews, review] })), {
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
