import { useState } from 'react';
import type { SerializedMarker, SerializedValue } from '../../protocol';

/** A child of a tree node: `name: value`, or (a Map's entry) `key => value`. */
interface Child {
  /** React's key among its siblings. */
  readonly id: string;
  readonly name: string;
  readonly value: SerializedValue;
  /** A Map entry whose key reads on one line: shown `name => value`. */
  readonly arrow?: boolean;
  /** A Map entry whose key is itself a tree: shown as `key => value` opening to both. */
  readonly pair?: readonly [SerializedValue, SerializedValue];
}
type Children = readonly Child[];

/** What a node shows: its one-line summary, the children it opens to, and a note of what the page did not record. */
interface Described {
  readonly summary: string;
  readonly kind: string;
  readonly children?: Children;
  readonly note?: string;
}

/** Children shown at first, and added by each "show more": a 100,000-key payload (an import, raised limits) must not freeze the panel. */
const CHILDREN_PAGE = 100;

const isMarker = (value: SerializedValue): value is SerializedMarker =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $hubbub?: unknown }).$hubbub === 'string';

/** Items of an array or a Set's values, as children named by their index. */
const indexedChildren = (items: readonly SerializedValue[]): Children =>
  items.map((value, index) => ({ id: `${index}`, name: `${index}`, value }));

/** Fields of an object, as children named by their key. */
const fieldChildren = (fields: Record<string, SerializedValue>): Children =>
  Object.entries(fields).map(([name, value]) => ({ id: name, name, value }));

/**
 * A Map's entries as `key => value`: a key that reads on one line (a string, a number, a Date…)
 * names its child; any other key makes an entry that opens to `key` and `value`. An entry that is
 * not a pair (a newer or hostile page) is shown as the value it is, named by its index.
 */
const mapChildren = (entries: readonly unknown[]): Children =>
  entries.map((entry, index): Child => {
    const id = `${index}`;
    if (!Array.isArray(entry) || entry.length !== 2) return { id, name: id, value: entry as SerializedValue };
    const [key, value] = entry as [SerializedValue, SerializedValue];
    const described = childrenOf(key);
    return described.children ? { id, name: id, value, pair: [key, value] } : { id, name: described.summary, value, arrow: true };
  });

const isText = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number';
const isFields = (value: unknown): value is Record<string, SerializedValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a `$hubbub` marker reads, and the children it opens to (if any); undefined for a kind this
 * panel does not know or a marker missing its fields (a newer or hostile page: payloads are not
 * checked field by field on the way in), which is then shown as the plain object it is.
 */
const describeMarker = (marker: SerializedMarker): { text: string; kind: string; children?: Children; note?: string } | undefined => {
  // Read as loose fields: the marker's shape is only what the page claims.
  const claimed = marker as unknown as Record<string, unknown>;
  switch (marker.$hubbub) {
    case 'undefined':
      return { text: 'undefined', kind: 'null' };
    case 'number':
      return isText(claimed.value) ? { text: claimed.value, kind: 'number' } : undefined;
    case 'bigint':
      return isText(claimed.value) ? { text: `${claimed.value}n`, kind: 'number' } : undefined;
    case 'symbol':
      return isText(claimed.description) ? { text: `Symbol(${claimed.description})`, kind: 'special' } : undefined;
    case 'function':
      return isText(claimed.name) ? { text: `ƒ ${claimed.name || 'anonymous'}()`, kind: 'special' } : undefined;
    case 'date':
      return isText(claimed.iso) ? { text: `Date ${claimed.iso}`, kind: 'special' } : undefined;
    case 'regexp':
      return isText(claimed.source) && isText(claimed.flags) ? { text: `/${claimed.source}/${claimed.flags}`, kind: 'special' } : undefined;
    case 'error': {
      const error = claimed.error;
      return isFields(error) && isText(error.name) && isText(error.message)
        ? { text: `${error.name}: ${error.message}`, kind: 'error' }
        : undefined;
    }
    case 'map':
      return isCount(claimed.size) && Array.isArray(claimed.entries)
        ? {
            text: `Map(${claimed.size})`,
            kind: 'special',
            children: mapChildren(claimed.entries),
            ...recorded(claimed.size, claimed.entries.length, 'entries'),
          }
        : undefined;
    case 'set':
      return isCount(claimed.size) && Array.isArray(claimed.values)
        ? {
            text: `Set(${claimed.size})`,
            kind: 'special',
            children: indexedChildren(claimed.values),
            ...recorded(claimed.size, claimed.values.length, 'values'),
          }
        : undefined;
    case 'instance': {
      if (!isText(claimed.className) || !isFields(claimed.fields)) return undefined;
      const { children, note } = fieldsOf(claimed.fields);
      return { text: claimed.className, kind: 'special', children, ...(note === undefined ? {} : { note }) };
    }
    case 'typed-array': {
      if (!isText(claimed.className) || !isCount(claimed.length) || !Array.isArray(claimed.preview)) return undefined;
      // The page sends `null` for NaN and ±Infinity, which JSON cannot carry.
      const items = claimed.preview.map((item) => (item === null ? 'non-finite' : String(item))).join(', ');
      return {
        text: `${claimed.className}(${claimed.length}) [${items}${claimed.length > claimed.preview.length ? ', …' : ''}]`,
        kind: 'special',
      };
    }
    case 'dom':
      return isText(claimed.description) ? { text: claimed.description, kind: 'special' } : undefined;
    case 'circular':
      return isText(claimed.path) ? { text: `[circular → ${claimed.path}]`, kind: 'muted' } : undefined;
    case 'unreadable':
      return isText(claimed.reason) ? { text: `[unreadable: ${claimed.reason}]`, kind: 'error' } : undefined;
    case 'redacted':
      return { text: '[redacted]', kind: 'muted' };
    case 'truncated':
      // A depth marker stands for one object whose contents were not walked: its `omitted` (always 1) counts nothing useful.
      if (claimed.reason === 'depth') {
        return { text: `[${isText(claimed.preview) ? `${claimed.preview}: ` : ''}deeper levels not recorded (maxDepth)]`, kind: 'muted' };
      }
      return isText(claimed.reason) && isCount(claimed.omitted)
        ? {
            text: `[truncated ${claimed.reason}: ${claimed.omitted} left out${isText(claimed.preview) ? ` — ${claimed.preview}` : ''}]`,
            kind: 'muted',
          }
        : undefined;
    default:
      return undefined;
  }
};

/** The limit that left a key-cap or size-budget marker's items out, as the settings name it. */
const CUT_BY: Readonly<Record<string, string>> = { keys: 'maxKeys', size: 'maxBytes' };

/** How many items a key-cap (or size-budget) marker says were left out of its array or object, and the limit that did; undefined for any other value. */
const cutBy = (value: SerializedValue | undefined): { omitted: number; limit: string } | undefined => {
  if (value === undefined || !isMarker(value) || value.$hubbub !== 'truncated') return undefined;
  const { reason, omitted } = value as { reason: unknown; omitted: unknown };
  return (reason === 'keys' || reason === 'size') && isCount(omitted) && omitted > 0
    ? { omitted, limit: CUT_BY[reason] as string }
    : undefined;
};

/** `{ note: '50000 items, first 200 recorded (maxKeys)' }` when the page kept fewer than there were; nothing when it kept them all. */
const recorded = (total: number, kept: number, noun: string, limit?: string): { note?: string } =>
  total > kept ? { note: `${total} ${noun}, first ${kept} recorded${limit === undefined ? '' : ` (${limit})`}` } : {};

/** An object's fields as children; a cut object's marker (under the key '…') becomes the note of what was left out. */
const fieldsOf = (fields: Record<string, SerializedValue>): { children: Children; size: number; note?: string } => {
  const cut = cutBy(fields['…']);
  if (!cut) {
    const children = fieldChildren(fields);
    return { children, size: children.length };
  }
  const { '…': _, ...kept } = fields;
  const children = fieldChildren(kept);
  const size = children.length + cut.omitted;
  return { children, size, ...recorded(size, children.length, 'keys', cut.limit) };
};

const childrenOf = (value: SerializedValue): Described => {
  if (value === null) return { summary: 'null', kind: 'null' };
  if (typeof value === 'string') return { summary: JSON.stringify(value), kind: 'string' };
  if (typeof value === 'number' || typeof value === 'boolean') return { summary: String(value), kind: typeof value };
  if (Array.isArray(value)) {
    // A cut array ends with the marker of what was left out: its real length is what was kept plus that.
    const cut = cutBy(value.at(-1));
    if (!cut) return { summary: `Array(${value.length})`, kind: 'special', children: indexedChildren(value) };
    const kept = value.slice(0, -1);
    const length = kept.length + cut.omitted;
    return {
      summary: `Array(${length})`,
      kind: 'special',
      children: indexedChildren(kept),
      ...recorded(length, kept.length, 'items', cut.limit),
    };
  }
  if (isMarker(value)) {
    const described = describeMarker(value);
    if (described) {
      return {
        summary: described.text,
        kind: described.kind,
        ...(described.children && { children: described.children }),
        ...(described.note !== undefined && { note: described.note }),
      };
    }
  }
  const { children, size, note } = fieldsOf(value as Record<string, SerializedValue>);
  return { summary: `{${size}}`, kind: 'special', children, ...(note === undefined ? {} : { note }) };
};

/** How a value reads on one line in the tree: `"text"`, `42`, `Array(3)`, `{2}`, `[redacted]`. @example summaryOf({ $hubbub: 'redacted' }) // '[redacted]' */
export const summaryOf = (value: SerializedValue): string => childrenOf(value).summary;

/** A Map entry whose key is itself a tree: `key => value`, opening to both. */
const pairOf = ([key, value]: readonly [SerializedValue, SerializedValue]): Described => ({
  summary: `${childrenOf(key).summary} => ${childrenOf(value).summary}`,
  kind: 'special',
  children: [
    { id: 'key', name: 'key', value: key },
    { id: 'value', name: 'value', value },
  ],
});

/** One value of the tree; `root` (the payload itself) shows no name. */
const Node = ({ child, depth, root = false }: { child: Child; depth: number; root?: boolean }) => {
  const { summary, kind, children, note } = child.pair ? pairOf(child.pair) : childrenOf(child.value);
  const [open, setOpen] = useState(depth < 2);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const label = root ? null : <span className="hb-tree-key">{`${child.name}${child.arrow ? ' => ' : ': '}`}</span>;
  const noted = note === undefined ? null : <span className="hb-tree-note"> — {note}</span>;
  if (!children) {
    return (
      <li className="hb-tree-leaf">
        {label}
        <span className={`hb-tree-${kind}`}>{summary}</span>
      </li>
    );
  }
  const hidden = children.length - shown;
  return (
    <li>
      <button type="button" className="hb-tree-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
        <span className={`hb-tree-${kind}`}>{summary}</span>
      </button>
      {noted}
      {open && (
        <ul className="hb-tree">
          {children.slice(0, shown).map((item) => (
            <Node key={item.id} child={item} depth={depth + 1} />
          ))}
          {hidden > 0 && (
            <li>
              <button type="button" className="hb-link" onClick={() => setShown(shown + CHILDREN_PAGE)}>
                show {Math.min(hidden, CHILDREN_PAGE)} more ({hidden} more not shown)
              </button>
            </li>
          )}
          {hidden <= 0 && note !== undefined && <li className="hb-tree-note">… the rest was not recorded</li>}
        </ul>
      )}
    </li>
  );
};

/** A collapsible tree of a serialized payload, with Hubbub's markers (Map, Date, class…) shown readably. */
export const PayloadTree = ({ value }: { value: SerializedValue }) => (
  <ul className="hb-tree hb-tree-root" aria-label="Payload">
    <Node child={{ id: '$', name: '$', value }} depth={0} root />
  </ul>
);
