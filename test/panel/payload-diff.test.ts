import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/devtools/panel/model/event-record';
import { diffPayloads, pathText, previousOfSameBusAndType } from '../../src/devtools/panel/model/payload-diff';

describe('diffPayloads', () => {
  it('reports changed nested fields, added and removed fields, array items, with their paths', () => {
    const before = {
      items: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 1 },
      ],
      note: 'gift',
      user: { name: 'Ann' },
    };
    const after = {
      items: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 2 },
        { sku: 'C', qty: 1 },
      ],
      user: { name: 'Bo' },
      coupon: 'TEA10',
    };
    expect(diffPayloads(before, after)).toEqual([
      { kind: 'changed', path: ['items', 1, 'qty'], before: 1, after: 2 },
      { kind: 'added', path: ['items', 2], after: { sku: 'C', qty: 1 } },
      { kind: 'removed', path: ['note'], before: 'gift' },
      { kind: 'changed', path: ['user', 'name'], before: 'Ann', after: 'Bo' },
      { kind: 'added', path: ['coupon'], after: 'TEA10' },
    ]);
  });

  it('finds no change in equal payloads, and compares payloads that are not objects', () => {
    expect(diffPayloads({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(diffPayloads(1, 1)).toEqual([]);
    expect(diffPayloads(1, 2)).toEqual([{ kind: 'changed', path: [], before: 1, after: 2 }]);
    expect(diffPayloads([1], { 0: 1 })).toEqual([{ kind: 'changed', path: [], before: [1], after: { 0: 1 } }]);
  });

  it('compares a marker as one value, never field by field', () => {
    const cut = (omitted: number) => ({ $hubbub: 'truncated', reason: 'string', omitted, preview: 'abc' });
    expect(diffPayloads({ text: cut(5) }, { text: cut(6) })).toEqual([{ kind: 'changed', path: ['text'], before: cut(5), after: cut(6) }]);
    expect(diffPayloads({ card: { number: '4242' } }, { card: { $hubbub: 'redacted' } })).toEqual([
      { kind: 'changed', path: ['card'], before: { number: '4242' }, after: { $hubbub: 'redacted' } },
    ]);
    expect(diffPayloads({ $hubbub: 'number', value: 'NaN' }, { $hubbub: 'number', value: 'NaN' })).toEqual([]);
  });

  it("compares a class instance's fields one by one when the class is the same", () => {
    const cart = (total: number) => ({ $hubbub: 'instance', className: 'Cart', fields: { total } });
    expect(diffPayloads({ cart: cart(1) }, { cart: cart(2) })).toEqual([{ kind: 'changed', path: ['cart', 'total'], before: 1, after: 2 }]);
    const other = { $hubbub: 'instance', className: 'Order', fields: { total: 1 } };
    expect(diffPayloads({ cart: cart(1) }, { cart: other })).toEqual([{ kind: 'changed', path: ['cart'], before: cart(1), after: other }]);
  });

  it('reports a removed key named like an Object.prototype member as removed', () => {
    expect(diffPayloads({ constructor: 1, toString: 'x' }, {})).toEqual([
      { kind: 'removed', path: ['constructor'], before: 1 },
      { kind: 'removed', path: ['toString'], before: 'x' },
    ]);
    expect(diffPayloads(JSON.parse('{"__proto__":{"a":1}}'), JSON.parse('{"__proto__":{"a":2}}'))).toEqual([
      { kind: 'changed', path: ['__proto__', 'a'], before: 1, after: 2 },
    ]);
  });
});

describe('pathText', () => {
  it('reads as code', () => {
    expect(pathText(['items', 2, 'qty'])).toBe('items[2].qty');
    expect(pathText(['a b', 'c'])).toBe('["a b"].c');
    expect(pathText([])).toBe('');
  });
});

describe('previousOfSameBusAndType', () => {
  const rec = (ingest: number, eventType: string, instanceKey = 'top/s/bus-1') => ({ ingest, eventType, instanceKey }) as EventRecord;
  it('finds the closest earlier event of the same type on the same bus', () => {
    const a = rec(0, 'cart:update');
    const other = rec(1, 'cart:update', 'top/s/bus-2');
    const b = rec(2, 'cart:add');
    const c = rec(3, 'cart:update');
    const records = [a, other, b, c];
    expect(previousOfSameBusAndType(records, c)).toBe(a);
    expect(previousOfSameBusAndType(records, a)).toBeUndefined();
    expect(previousOfSameBusAndType(records, other)).toBeUndefined();
    expect(previousOfSameBusAndType([c], rec(9, 'cart:update'))).toBeUndefined();
  });
});
