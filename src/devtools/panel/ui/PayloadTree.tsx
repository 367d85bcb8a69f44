import { useState } from 'react';
import type { SerializedMarker, SerializedValue } from '../../protocol';

type Children = readonly (readonly [string, SerializedValue])[];

const isMarker = (value: SerializedValue): value is SerializedMarker =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $hubbub?: unknown }).$hubbub === 'string';

/** How a `$hubbub` marker reads, and the children it opens to (if any). */
const describeMarker = (m: SerializedMarker): { text: string; kind: string; children?: Children } => {
  switch (m.$hubbub) {
    case 'undefined':
      return { text: 'undefined', kind: 'null' };
    case 'number':
      return { text: m.value, kind: 'number' };
    case 'bigint':
      return { text: `${m.value}n`, kind: 'number' };
    case 'symbol':
      return { text: `Symbol(${m.description})`, kind: 'special' };
    case 'function':
      return { text: `ƒ ${m.name || 'anonymous'}()`, kind: 'special' };
    case 'date':
      return { text: `Date ${m.iso}`, kind: 'special' };
    case 'regexp':
      return { text: `/${m.source}/${m.flags}`, kind: 'special' };
    case 'error':
      return { text: `${m.error.name}: ${m.error.message}`, kind: 'error' };
    case 'map':
      return { text: `Map(${m.size})`, kind: 'special', children: m.entries.map(([k, v], i) => [`${i}`, [k, v]] as const) };
    case 'set':
      return { text: `Set(${m.size})`, kind: 'special', children: m.values.map((v, i) => [`${i}`, v] as const) };
    case 'instance':
      return { text: m.className, kind: 'special', children: Object.entries(m.fields) };
    case 'typed-array':
      return { text: `${m.className}(${m.length}) [${m.preview.join(', ')}${m.length > m.preview.length ? ', …' : ''}]`, kind: 'special' };
    case 'dom':
      return { text: m.description, kind: 'special' };
    case 'circular':
      return { text: `[circular → ${m.path}]`, kind: 'muted' };
    case 'unreadable':
      return { text: `[unreadable: ${m.reason}]`, kind: 'error' };
    case 'redacted':
      return { text: '[redacted]', kind: 'muted' };
    case 'truncated':
      return { text: `[truncated ${m.reason}: ${m.omitted} left out${m.preview ? ` — ${m.preview}` : ''}]`, kind: 'muted' };
  }
};

const childrenOf = (value: SerializedValue): { summary: string; kind: string; children?: Children } => {
  if (value === null) return { summary: 'null', kind: 'null' };
  if (typeof value === 'string') return { summary: JSON.stringify(value), kind: 'string' };
  if (typeof value === 'number' || typeof value === 'boolean') return { summary: String(value), kind: typeof value };
  if (Array.isArray(value))
    return { summary: `Array(${value.length})`, kind: 'special', children: value.map((v, i) => [`${i}`, v] as const) };
  if (isMarker(value)) {
    const d = describeMarker(value);
    return d.children ? { summary: d.text, kind: d.kind, children: d.children } : { summary: d.text, kind: d.kind };
  }
  const entries = Object.entries(value as Record<string, SerializedValue>);
  return { summary: `{${entries.length}}`, kind: 'special', children: entries };
};

const Node = ({ name, value, depth }: { name: string | undefined; value: SerializedValue; depth: number }) => {
  const { summary, kind, children } = childrenOf(value);
  const [open, setOpen] = useState(depth < 2);
  const label = name === undefined ? null : <span className="hb-tree-key">{name}: </span>;
  if (!children) {
    return (
      <li className="hb-tree-leaf">
        {label}
        <span className={`hb-tree-${kind}`}>{summary}</span>
      </li>
    );
  }
  return (
    <li>
      <button type="button" className="hb-tree-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
        <span className={`hb-tree-${kind}`}>{summary}</span>
      </button>
      {open && (
        <ul className="hb-tree">
          {children.map(([key, child]) => (
            <Node key={key} name={key} value={child} depth={depth + 1} />
          ))}
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
