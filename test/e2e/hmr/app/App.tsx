// The root component: it provides the bus, so it is the module Fast Refresh re-runs after an edit of bus.ts or handlers.ts.
import { BusProvider } from 'hubbub/react';
import { bus } from './bus';
import './handlers';
import { Cart } from './Cart';

export function App() {
  return (
    <BusProvider bus={bus}>
      <p data-testid="bus-id">{bus.id}</p>
      <Cart />
    </BusProvider>
  );
}
