// A component under the provider that uses every hook.
import { useState } from 'react';
import { useEvent, useLatestEvent, usePublish } from './hooks';
import { probe } from './probe';

export function Cart() {
  const [added, setAdded] = useState(0);
  const publish = usePublish();
  const note = useLatestEvent('note', 'no note yet');
  useEvent('cart/added', function onCartAdded(item) {
    probe.ran.push(`Cart useEvent, cart v1: ${item.sku}`);
    setAdded((n) => n + 1);
  });
  return (
    <main>
      <p data-testid="cart-version">cart v1</p>
      <p data-testid="added">{added}</p>
      <p data-testid="note">{note}</p>
      <button type="button" onClick={() => void publish('cart/added', { sku: 'tea' })}>
        Add tea
      </button>
    </main>
  );
}
