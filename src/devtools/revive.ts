import { isRecord } from './protocol';
import { setField } from './serialize';

/**
 * A payload the panel sent back, turned into app values, or why it cannot be.
 *
 * @example
 * const revived: Revived = revive(message.payload); if (!revived.ok) show(revived.reason)
 */
export type Revived = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

class Unrevivable extends Error {}

const NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

const walk = (x: unknown, path: string): unknown => {
  if (Array.isArray(x)) return x.map((item, i) => walk(item, `${path}[${i}]`));
  if (!isRecord(x)) return x;
  if (typeof x.$hubbub !== 'string') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(x)) setField(out, key, walk(value, `${path}.${key}`));
    return out;
  }
  switch (x.$hubbub) {
    case 'undefined':
      return undefined;
    case 'number':
      if (typeof x.value === 'string' && x.value in NUMBERS) return NUMBERS[x.value];
      break;
    case 'bigint':
      if (typeof x.value === 'string' && /^-?\d+$/.test(x.value)) return BigInt(x.value);
      break;
    case 'date':
      if (typeof x.iso === 'string') return new Date(x.iso);
      break;
    case 'regexp':
      if (typeof x.source === 'string' && typeof x.flags === 'string') return new RegExp(x.source, x.flags);
      break;
    case 'map':
      if (Array.isArray(x.entries)) {
        return new Map(
          x.entries.map((e: unknown, i): [unknown, unknown] => {
            if (!Array.isArray(e) || e.length !== 2) throw new Unrevivable(`the Map entry at ${path}<${i}> is not a [key, value] pair`);
            return [walk(e[0], `${path}<key ${i}>`), walk(e[1], `${path}<value ${i}>`)];
          }),
        );
      }
      break;
    case 'set':
      if (Array.isArray(x.values)) return new Set(x.values.map((v: unknown, i) => walk(v, `${path}<${i}>`)));
      break;
    case 'instance':
      if (isRecord(x.fields)) {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(x.fields)) setField(out, key, walk(value, `${path}.${key}`));
        return out;
      }
      break;
    default:
      throw new Unrevivable(
        `the payload holds a ${x.$hubbub} value at ${path}, which cannot be turned back into the original; edit that field before dispatching`,
      );
  }
  throw new Unrevivable(`the payload holds a malformed ${x.$hubbub} marker at ${path}`);
};

/**
 * Turns a payload the panel sends (plain JSON, or a recorded payload with `$hubbub` markers) back
 * into values: numbers, bigints, dates, Maps, Sets; class instances become their plain fields
 * (a registry rebuilds the class). Markers of what was lost (truncated, redacted, circular,
 * functions, DOM nodes...) are refused with the path, never sent on silently.
 *
 * @example
 * revive({ at: { $hubbub: 'date', iso: '2026-01-01T00:00:00.000Z' } }) // { ok: true, value: { at: Date } }
 */
export const revive = (payload: unknown): Revived => {
  try {
    return { ok: true, value: walk(payload, '$') };
  } catch (error) {
    if (error instanceof Unrevivable) return { ok: false, reason: error.message };
    return { ok: false, reason: `the payload could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
};
