import type { EventEnvelope } from 'hubbub';

/**
 * Reviews as an older release stored them: two v1, one v2, one v1 whose stars are off the scale
 * and one of a type this release does not know. Replaying shows upcasting and clear rejections.
 *
 * @example
 * await replayStored(bus, reviewRegistry, storedReviews)
 */
export const storedReviews: readonly EventEnvelope[] = [
  { type: 'ProductReviewed', version: 1, data: { sku: 'tea', stars: 5, text: 'Grassy and sweet.' } },
  {
    type: 'ProductReviewed',
    version: 2,
    data: { sku: 'teapot', rating: { value: 4, scale: 5 }, text: 'Heavy, keeps the heat.', author: 'lin' },
  },
  { type: 'ProductReviewed', version: 1, data: { sku: 'cups', stars: 9, text: 'Best cups ever!!!' } },
  { type: 'ProductReviewed', version: 1, data: { sku: 'kettle', stars: 3, text: 'Pretty, but the handle gets hot.' } },
  { type: 'GiftCardRedeemed', version: 1, data: { code: 'WELCOME' } },
];
