import { useCartFeed } from './cart';
import { useOrdersFeed } from './orders';
import { usePaymentOutageFeed } from './payment-outage';
import { useReviewsFeed } from './reviews';
import { useSessionFeed } from './session';
import { useStockFeed } from './stock';

/**
 * Connects every zustand store of the shop to the bus (each through `useEvent`); call once at
 * the top of the app.
 *
 * @example
 * function App() { useShopFeeds(); return <Shop /> }
 */
export const useShopFeeds = (): void => {
  useSessionFeed();
  useCartFeed();
  useStockFeed();
  useOrdersFeed();
  usePaymentOutageFeed();
  useReviewsFeed();
};
