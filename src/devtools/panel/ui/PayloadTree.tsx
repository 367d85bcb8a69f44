import { useState } from 'react';
import type { SerializedMarker, SerializedValue } from '../../protocol';

type Children = readonly (readonly [string, SerializedValue])[];

/** Children shown at first, and added by each "show more": a 100,000-key payload (an import, raised limits) must not freeze the panel. */
const CHILDREN_PAGE = 100;

const isMarker = (value: SerializedValue): value is SerializedMarker =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $hubbub?: unknown }).$hubbub === 'string';

/** Items of an array, a Map's entries or a Set's values, as children named by their index. */
const indexedChildren = (items: readonly SerializedValue[]): Children => items.map((item, index) => [`${index}`, item] as const);

const isText = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number';
const isFields = (value: unknown): value is Record<string, SerializedValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a `$hubbub` marker reads, and the children it opens to (if any); undefined for a kind this
 * panel does not know or a marker missing its fields (a newer or hostile page: payloads are not
 * checked field by field on the way in), which is then shown as the plain object it is.
 */
const describeMarker = (marker: SerializedMarker): { text: string; kind: string; children?: Children } | undefined => {
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
        ? { text: `Map(${claimed.size})`, kind: 'special', children: indexedChildren(claimed.entries) }
        : undefined;
    case 'set':
      return isCount(claimed.size) && Array.isArray(claimed.values)
        ? { text: `Set(${claimed.size})`, kind: 'special', children: indexedChildren(claimed.values) }
        : undefined;
    case 'instance':
      return isText(claimed.className) && isFields(claimed.fields)
        ? { text: claimed.className, kind: 'special', children: Object.entries(claimed.fields) }
        : undefined;
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

/** How many items a key-cap (or size-budget) marker says were left out of its array or object; 0 for any other value. */
const omittedBy = (value: SerializedValue | undefined): number => {
  if (value === undefined || !isMarker(value) || value.$hubbub !== 'truncated') return 0;
  const { reason, omitted } = value as { reason: unknown; omitted: unknown };
  return (reason === 'keys' || reason === 'size') && isCount(omitted) && omitted > 0 ? omitted : 0;
};

const childrenOf = (value: SerializedValue): { summary: string; kind: string; children?: Children } => {
  if (value === null) return { summary: 'null', kind: 'null' };
  if (typeof value === 'string') return { summary: JSON.stringify(value), kind: 'string' };
  if (typeof value === 'number' || typeof value === 'boolean') return { summary: String(value), kind: typeof value };
  if (Array.isArray(value)) {
    // A cut array ends with the marker of what was left out: its real length is what was kept plus that.
    const omitted = omittedBy(value.at(-1));
    const length = omitted > 0 ? value.length - 1 + omitted : value.length;
    return { summary: `Array(${length})`, kind: 'special', children: indexedChildren(value) };
  }
  if (isMarker(value)) {
    const described = describeMarker(value);
    if (described) {
      return described.children
        ? { summary: described.text, kind: described.kind, children: described.children }
        : { summary: described.text, kind: described.kind };
    }
  }
  const entries = Object.entries(value as Record<string, SerializedValue>);
  // A cut object keeps the marker of what was left out under the key '…'.
  const omitted = omittedBy((value as Record<string, SerializedValue>)['…']);
  const size = omitted > 0 ? entries.length - 1 + omitted : entries.length;
  return { summary: `{${size}}`, kind: 'special', children: entries };
};

const Node = ({ name, value, depth }: { name: string | undefined; value: SerializedValue; depth: number }) => {
  const { summary, kind, children } = childrenOf(value);
  const [open, setOpen] = useState(depth < 2);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const label = name === undefined ? null : <span className="hb-tree-key">{name}: </span>;
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
      {open && (
        <ul className="hb-tree">
          {children.slice(0, shown).map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={depth + 1} />
          ))}
          {hidden > 0 && (
            <li>
              <button type="button" className="hb-link" onClick={() => setShown(shown + CHILDREN_PAGE)}>
                show {Math.min(hidden, CHILDREN_PAGE)} more ({hidden} more not shown)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
};

/** A collapsible tree of a serialized payload, with Hubbub's markers (Map, Date, class…) shown readably. */
export const PayloadTree = ({ value }: { value: SerializedValue }) => (
  <ul className="hb-tree hb-tree-root" aria-label="Payload">
    <Node name={undefined} value={value} depth={0} />
  </ul>
);
