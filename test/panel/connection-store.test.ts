import { describe, expect, it } from 'vitest';
import { createConnectionStore, MAX_DISPATCHES } from '../../src/devtools/panel/model/connection';

describe('the connection store', () => {
  it('keeps the answers of the latest dispatches only, and an answer updates its dispatch in place', () => {
    const connection = createConnectionStore();
    const total = MAX_DISPATCHES + 50;
    for (let n = 0; n < total; n++) connection.getState().trackDispatch(`r${n}`, { state: 'sent', eventType: 'cart/added' });
    connection.getState().trackDispatch(`r${total - 1}`, { state: 'accepted', eventType: 'cart/added', eventId: 'b.1' });
    const kept = [...connection.getState().dispatches.keys()];
    expect(kept).toHaveLength(MAX_DISPATCHES);
    expect(kept[0]).toBe('r50');
    expect(kept.at(-1)).toBe(`r${total - 1}`);
    expect(connection.getState().dispatches.get(`r${total - 1}`)).toMatchObject({ state: 'accepted' });
  });
});
