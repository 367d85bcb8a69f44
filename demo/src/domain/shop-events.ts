/**
 * The shop's string-keyed events (UI intents and service signals); domain facts are classes.
 *
 * @example
 * bus.publish('cart/itemAdded', { sku: 'tea' })
 */
export type ShopEvents = {
  'session/signedIn': { readonly userId: string };
  // Payloads are objects, never undefined: a pass-through middleware returning an undefined
  // payload would block the event.
  'session/signedOut': { readonly userId: string };
  'cart/itemAdded': { readonly sku: string };
  'cart/itemRemoved': { readonly sku: string };
  /** Arms the payment service to drop its next reply (the saga's timeout path). */
  'payment/dropNextReply': { readonly requestedBy: string };
  'payment/replyDropped': { readonly orderId: string };
  'storm/ping': { readonly bounce: number };
  'storm/pong': { readonly bounce: number };
  /** A replay of stored events begins: what it rebuilds replaces what the last replay built. */
  'replay/started': { readonly stored: number };
  /** A stored event that could not be decoded; kept with its reason, never silently lost. */
  'replay/rejected': { readonly envelope: unknown; readonly reason: string };
};
