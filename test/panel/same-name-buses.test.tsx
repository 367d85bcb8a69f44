// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_SOURCE, PROTOCOL_VERSION } from '../../src/devtools/protocol';
import { renderPanel } from './render-panel';

afterEach(cleanup);

describe('two live buses of one name on a page (a hot reload’s leftover beside its successor)', () => {
  it('are told apart by their ids in the Bus filter and the Dispatch target; a bus of a name of its own is not', () => {
    const { page } = renderPanel({ allowDispatch: true });
    const helloOf = (id: string, name: string) =>
      page.deliver({
        kind: 'page',
        message: {
          source: PAGE_SOURCE,
          version: PROTOCOL_VERSION,
          sessionId: page.info.id === id ? 'session-shop' : `session-${id}`,
          instanceId: id,
          kind: 'hello',
          instance: { ...page.info, id, name, streaming: true },
        },
      });
    helloOf('shop-2', 'shop');
    helloOf('cart-1', 'cart');

    const busFilter = screen.getByRole('combobox', { name: 'Bus' });
    expect(
      within(busFilter)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['all buses', 'shop [shop-1]', 'shop [shop-2]', 'cart']);
    fireEvent.click(screen.getByRole('tab', { name: 'Dispatch' }));
    const target = screen.getByRole('combobox', { name: 'Dispatch target' });
    expect(
      within(target)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['shop [shop-1]', 'shop [shop-2]', 'cart']);
  });
});

describe('a reload’s old bus, gone, beside its new one of the same name', () => {
  it('is told apart by being gone: neither carries an id', () => {
    const { page } = renderPanel({ allowDispatch: true });
    page.reload();
    const busFilter = screen.getByRole('combobox', { name: 'Bus' });
    expect(
      within(busFilter)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['all buses', expect.stringMatching(/^shop \(gone; page of /), 'shop']);
  });
});
