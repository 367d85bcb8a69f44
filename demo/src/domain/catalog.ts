/** A product on sale. */
export interface Product {
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  /** Units on the shelf when the shop opens. */
  readonly stock: number;
}

/**
 * The shop's products. The kettle costs more than the analytics limit, on purpose.
 *
 * @example
 * catalog.map((p) => p.name) // ['Sencha tea', 'Two cups', 'Cast-iron teapot', 'Copper kettle']
 */
export const catalog: readonly Product[] = [
  { sku: 'tea', name: 'Sencha tea', price: 8, stock: 20 },
  { sku: 'cups', name: 'Two cups', price: 12, stock: 8 },
  { sku: 'teapot', name: 'Cast-iron teapot', price: 45, stock: 3 },
  { sku: 'kettle', name: 'Copper kettle', price: 120, stock: 2 },
];

/**
 * The product with this sku, or undefined.
 *
 * @example
 * productOf('tea')?.price // 8
 */
export const productOf = (sku: string): Product | undefined => catalog.find((p) => p.sku === sku);
