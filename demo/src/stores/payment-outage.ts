import { create } from 'zustand';
import { useEvent } from '../bus/hooks';

/** Whether the payment service will drop its next reply. */
export interface PaymentOutageState {
  readonly armed: boolean;
}

/**
 * The payment outage switch as the UI shows it; changed only by {@link usePaymentOutageFeed}.
 *
 * @example
 * const armed = usePaymentOutageStore((s) => s.armed)
 */
export const usePaymentOutageStore = create<PaymentOutageState>()(() => ({ armed: false }));

/**
 * Armed by 'payment/dropNextReply', disarmed when the service reports 'payment/replyDropped'.
 *
 * @example
 * function App() { usePaymentOutageFeed(); ... }
 */
export const usePaymentOutageFeed = (): void => {
  useEvent('payment/dropNextReply', () => usePaymentOutageStore.setState({ armed: true }), { label: 'outage store: armed' });
  useEvent('payment/replyDropped', () => usePaymentOutageStore.setState({ armed: false }), { label: 'outage store: spent' });
};
