import { createRegistry, type EventRegistry } from 'hubbub';
import { z } from 'zod';
import { ProductReviewed, type ReviewData } from '../domain/review-events';
import type { ShopEvents } from '../domain/shop-events';

/** How reviews were stored before v2: bare stars out of five, no author. */
export interface ReviewV1 {
  readonly sku: string;
  readonly stars: number;
  readonly text: string;
}

/**
 * A v2 review (zod, a Standard Schema validator): the rating must fit its scale, checked after
 * upcasting too.
 *
 * @example
 * reviewSchema.safeParse({ sku: 'tea', rating: { value: 9, scale: 5 }, text: '', author: 'x' }).success // false
 */
export const reviewSchema = z
  .object({
    sku: z.string().min(1),
    rating: z.object({ value: z.number().int().min(1), scale: z.number().int().min(2) }),
    text: z.string(),
    author: z.string().min(1),
    migratedFrom: z.number().int().optional(),
  })
  .refine((r) => r.rating.value <= r.rating.scale, { message: 'rating is above its scale', path: ['rating', 'value'] });

/**
 * Defines ProductReviewed at version 2 on a registry: v1 envelopes are upcast (stars -> rating out
 * of 5, author 'anonymous') and then validated with zod.
 *
 * @example
 * const registry = defineReviews(createRegistry<ShopEvents>())
 */
export const defineReviews = (registry: EventRegistry<ShopEvents>): EventRegistry<ShopEvents> =>
  registry.define(ProductReviewed, {
    schema: reviewSchema,
    upcasters: {
      1: (v1: ReviewV1) => ({ sku: v1.sku, rating: { value: v1.stars, scale: 5 }, text: v1.text, author: 'anonymous', migratedFrom: 1 }),
    },
    create: (data) => new ProductReviewed(data as ReviewData),
  });

/**
 * The registry the Reviews panel decodes stored reviews with (only ProductReviewed).
 *
 * @example
 * const { event, fromVersion } = await reviewRegistry.decode({ type: 'ProductReviewed', version: 1, data: { sku: 'tea', stars: 5, text: 'Nice' } })
 */
export const reviewRegistry = defineReviews(createRegistry<ShopEvents>());
