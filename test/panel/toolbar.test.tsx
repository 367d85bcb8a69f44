// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel } from './render-panel';

afterEach(cleanup);

const maxEventsInput = () => screen.getByRole('spinbutton', { name: 'Max events' }) as HTMLInputElement;
/** Types `text` into the field one keystroke at a time, from an emptied field, as a developer would. */
const typeSlowly = (text: string) => {
  fireEvent.change(maxEventsInput(), { target: { value: '' } });
  for (let length = 1; length <= text.length; length++) {
    fireEvent.change(maxEventsInput(), { target: { value: text.slice(0, length) } });
    expect(maxEventsInput().value).toBe(text.slice(0, length));
  }
};

describe('the max events field', () => {
  it('shows what is typed, and never drops events for a value only half typed', async () => {
    const { page, model } = renderPanel();
    page.batch(Array.from({ length: 1_000 }, (_, i) => page.event(`tick:${i}`, {})).flat());
    typeSlowly('20000');
    expect(model.events.getState().records).toHaveLength(1_000);
    fireEvent.blur(maxEventsInput());
    expect(model.settings.getState().maxEvents).toBe(20_000);
    expect(maxEventsInput().value).toBe('20000');
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('1000 events'));
  });

  it('lowers the cap (dropping the oldest) when the value is confirmed with Enter, and puts back a value out of range', async () => {
    const { page, model } = renderPanel();
    page.batch(Array.from({ length: 1_000 }, (_, i) => page.event(`tick:${i}`, {})).flat());
    typeSlowly('500');
    expect(model.events.getState().records).toHaveLength(1_000);
    fireEvent.keyDown(maxEventsInput(), { key: 'Enter' });
    expect(model.events.getState().records).toHaveLength(500);
    await waitFor(() => expect(screen.getByTestId('event-count').textContent).toBe('500 events'));

    typeSlowly('7');
    fireEvent.blur(maxEventsInput());
    expect(model.settings.getState().maxEvents).toBe(500);
    expect(maxEventsInput().value).toBe('500');
  });
});
