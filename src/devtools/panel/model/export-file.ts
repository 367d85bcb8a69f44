import { isRecord, isTrace } from '../../protocol';
import type { EventRecord } from './event-record';
import type { InstanceRecord } from './instances';

/** The tag and version of the panel's export files. */
export const EXPORT_FORMAT = 'hubbub-panel-export';
export const EXPORT_VERSION = 1;

/** What an export file holds. */
export interface ExportFile {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly instances: readonly InstanceRecord[];
  readonly events: readonly Omit<EventRecord, 'searchText' | 'ingest'>[];
}

/**
 * Serializes recorded events and instances to the JSON text of an export file.
 *
 * @example
 * const json = toExportJson(events.getState().records, [...instances.getState().instances.values()])
 */
export const toExportJson = (records: readonly EventRecord[], instances: readonly InstanceRecord[], now = new Date()): string => {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    instances,
    events: records.map(({ searchText: _s, ingest: _i, ...rest }) => rest),
  };
  return JSON.stringify(file);
};

/** An import that could not be read; `message` says what is wrong and what to do. */
export class ImportError extends Error {
  override name = 'ImportError';
}

const checkEvent = (x: unknown, index: number): Omit<EventRecord, 'searchText' | 'ingest'> => {
  const fail = (what: string) => new ImportError(`Event #${index} in the file ${what}. Export the events again from a Hubbub panel.`);
  if (!isRecord(x)) throw fail('is not an object');
  for (const field of ['key', 'instanceKey', 'id', 'eventType', 'correlationId', 'status'] as const) {
    if (typeof x[field] !== 'string') throw fail(`has no string "${field}"`);
  }
  if (typeof x.timestamp !== 'number') throw fail('has no numeric "timestamp"');
  for (const field of ['middleware', 'handlers'] as const) if (!Array.isArray(x[field])) throw fail(`has no "${field}" list`);
  if (x.trace !== undefined && !isTrace(x.trace))
    throw fail('has a "trace" that is not a list of at most 10 { functionName, url, line, column }');
  // Files exported before records kept their page `seq` have none.
  return { ...x, seq: typeof x.seq === 'number' ? x.seq : -1 } as unknown as Omit<EventRecord, 'searchText' | 'ingest'>;
};

/**
 * Reads an export file's text back, checking its shape; throws {@link ImportError} naming the problem.
 *
 * @example
 * const { events, instances } = parseExportJson(await file.text())
 */
export const parseExportJson = (text: string): { events: Omit<EventRecord, 'searchText' | 'ingest'>[]; instances: InstanceRecord[] } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`The file is not JSON (${(error as Error).message}). Choose a file exported from a Hubbub panel.`);
  }
  if (!isRecord(parsed) || parsed.format !== EXPORT_FORMAT) {
    throw new ImportError(
      `The file is not a Hubbub panel export (no "format": "${EXPORT_FORMAT}"). Choose a file exported from a Hubbub panel.`,
    );
  }
  if (parsed.version !== EXPORT_VERSION) {
    throw new ImportError(
      `The file is export version ${JSON.stringify(parsed.version)}; this panel reads version ${EXPORT_VERSION}. Update the extension or export again.`,
    );
  }
  if (!Array.isArray(parsed.events)) throw new ImportError('The file has no "events" list. Export the events again from a Hubbub panel.');
  const instances = Array.isArray(parsed.instances) ? (parsed.instances.filter(isRecord) as unknown as InstanceRecord[]) : [];
  return { events: parsed.events.map(checkEvent), instances };
};
