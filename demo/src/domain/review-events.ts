import { DomainEvent } from './domain-event';

/** A rating on a scale (v2 of the review event; v1 had bare `stars`). */
export interface Rating {
  readonly value: number;
  readonly scale: number;
}

/** The fields of a v2 review, as stored and validated. */
export interface ReviewData {
  readonly sku: string;
  readonly rating: Rating;
  readonly text: string;
  readonly author: string;
  /** Set by the upcaster: the version this review was stored in, when older than 2. */
  readonly migratedFrom?: number | undefined;
}

/**
 * A customer reviewed a product. Version 2; the registry upcasts stored v1 reviews.
 *
 * @example
 * bus.publish(new ProductReviewed({ sku: 'tea', rating: { value: 4, scale: 5 }, text: 'Lovely', author: 'ada' }))
 */
export class ProductReviewed extends DomainEvent {
  static override type = 'ProductReviewed';
  static version = 2;
  readonly sku: string;
  readonly rating: Rating;
  readonly text: string;
  readonly author: string;
  readonly migratedFrom: number | undefined;
  constructor(data: ReviewData) {
    super();
    this.sku = data.sku;
    this.rating = data.rating;
    this.text = data.text;
    this.author = data.author;
    this.migratedFrom = data.migratedFrom;
  }
  override summary(): string {
    return `${this.author} rated ${this.sku} ${this.rating.value}/${this.rating.scale}`;
  }
}
