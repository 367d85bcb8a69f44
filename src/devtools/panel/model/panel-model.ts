import type { CallSiteFrame } from '../../call-site';
import { PANEL_SOURCE, type PageMessage, type PanelMessage, PROTOCOL_VERSION, readBatch, readLeaks, readLeftOut } from '../../protocol';
import type { PanelTransport, TransportEvent } from '../transport/adapter';
import { createConnectionStore } from './connection';
import { dispatchTargetFor } from './dispatch-target';
import { instanceKeyOf } from './event-record';
import { createEventsStore } from './events';
import { type ImportReport, importExportFile, toExportJson } from './export-file';
import { createFiltersStore } from './filters';
import { createInstancesStore } from './instances';
import { createSelectionStore, releaseWhenGone } from './selection';
import { createSettingsStore, type SettingsValues } from './settings';

/** Most dispatches awaiting their answer (the oldest is given up on first: refused, not left "sent"). */
const MAX_PENDING_DISPATCHES = 1_000;

const GIVEN_UP = `No answer yet, and ${MAX_PENDING_DISPATCHES.toLocaleString('en-US')} later dispatches await theirs: the panel stopped waiting for this one.`;

/** Why a dispatch was refused whose bus went away before it answered. */
const wentAway = (name: string) =>
  `The page went away before it answered: the bus "${name}" is gone (the page reloaded, its frame closed, or the bus disconnected).`;

/**
 * An id no frame can guess (a dispatch's, so none can answer for the bus it went to; the panel's
 * as a viewer): a random UUID, or 128 random bits where `randomUUID` is missing (an insecure-context page).
 */
const newRequestId = (): string => {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return `panel-${crypto.randomUUID()}`;
  const bits = crypto.getRandomValues(new Uint32Array(4));
  return `panel-${Array.from(bits, (n) => n.toString(16).padStart(8, '0')).join('')}`;
};

/** Options of {@link createPanelModel}. */
export interface PanelModelOptions {
  /** Where settings persist (localStorage in the hosts; nothing in tests). */
  readonly storage?: Storage;
  /** Settings to start from, over the stored ones. */
  readonly settings?: Partial<SettingsValues>;
  /**
   * Opens a trace frame's file and line where the host can (the extension: DevTools' Sources
   * panel). Without it the Trace tab lists frames as text.
   *
   * @example
   * openSource: (frame) => chrome.devtools.panels.openResource(frame.url, frame.line - 1, frame.column - 1)
   */
  readonly openSource?: (frame: CallSiteFrame) => void;
  /**
   * Whether the host outlives the inspected page's reloads, so the log can be kept across them
   * (the "Preserve log" setting): true for the extension's panel (the default); false for the
   * floating panel, which lives in the page and reloads with it.
   */
  readonly canPreserveLog?: boolean;
}

/**
 * All of one panel's state (small zustand stores) and the actions that talk to the page through a
 * transport. The UI reads the stores and calls these actions; it never sees the transport.
 *
 * @example
 * const model = createPanelModel(createWindowTransport(window))
 * const stop = model.start()
 * model.dispatch('cart:add', { sku: 'A1' })
 */
export const createPanelModel = (transport: PanelTransport, options: PanelModelOptions = {}) => {
  const events = createEventsStore();
  // A forgotten bus's stream position goes with it: its batches are ignored from then on.
  const instances = createInstancesStore({ onForget: (key) => events.getState().forgetStream(key) });
  const connection = createConnectionStore();
  const filters = createFiltersStore();
  const selection = createSelectionStore();
  // Here, not in a view: the selection must let an evicted event go whichever view is open.
  releaseWhenGone(selection, events);
  const settings = createSettingsStore(options.storage, options.settings);
  const canPreserveLog = options.canPreserveLog ?? true;
  /** Each dispatch awaiting its answer, by request id: the key of the instance it went to (frame, session, bus). */
  const pendingDispatches = new Map<string, string>();
  /**
   * The top frame's page: when it started (`pageStartedAt`), or the bus's session for a page that
   * does not say (older versions). A hello from another one means the page reloaded or navigated;
   * every bus of one page says the same, so a second bus is not a reload.
   */
  let topPage: number | string | undefined;

  /** This panel as a viewer of the page: its `disconnect` leaves the other viewers' streams running. */
  const viewer = newRequestId();
  const send = (message: PanelMessage, frameId?: number) => transport.send(message, frameId === undefined ? {} : { frameId });
  const panelMessage = <K extends PanelMessage['kind']>(kind: K, instanceId?: string) =>
    ({
      source: PANEL_SOURCE,
      version: PROTOCOL_VERSION,
      kind,
      viewer,
      ...(instanceId === undefined ? {} : { instanceId }),
    }) as PanelMessage;

  const onPage = (message: PageMessage, frame: Extract<TransportEvent, { kind: 'page' }>['frame']) => {
    const key = instanceKeyOf({ sessionId: message.sessionId, instanceId: message.instanceId, frame });
    connection.getState().setStatus('connected');
    switch (message.kind) {
      case 'hello': {
        if (frame === undefined || frame.frameId === 0) {
          const page = typeof message.instance.pageStartedAt === 'number' ? message.instance.pageStartedAt : message.sessionId;
          if (topPage !== undefined && topPage !== page) {
            if (canPreserveLog && settings.getState().preserveLog) events.getState().markNavigation();
            else events.getState().clear();
          }
          topPage = page;
        }
        instances.getState().hello(key, message.sessionId, message.instance, frame);
        // A bus that announced itself on its own (new page, late bus, bfcache restore) streams only when asked.
        if (message.instance.streaming !== true) {
          send(panelMessage('connect', message.instanceId), frame?.frameId);
          if (settings.getState().paused) send(panelMessage('pause', message.instanceId), frame?.frameId);
        }
        return;
      }
      case 'batch': {
        const entries = readBatch(message);
        if (!entries) {
          connection.getState().notice('A batch from the page could not be read (its entries are not valid JSON); it was skipped.');
          return;
        }
        // A bus that never said hello, or was forgotten past the instance caps, is not followed.
        if (!instances.getState().instances.has(key)) return;
        const { fresh, added } = events.getState().ingest(key, entries, !settings.getState().paused);
        instances.getState().applyEntries(key, fresh, message.dropped);
        instances.getState().applyState(key, { leftOut: readLeftOut(message), leaks: readLeaks(message) });
        for (const entry of fresh) if (entry.type === 'warning') connection.getState().notice(entry.message);
        if (added > 0) events.getState().trim(settings.getState().maxEvents);
        return;
      }
      case 'snapshot':
        instances.getState().snapshot(key, message.subscriptions);
        return;
      case 'dispatch-result': {
        // Only the bus the request went to may answer it (any frame can send a dispatch-result), and only once.
        if (pendingDispatches.get(message.requestId) !== key) return;
        pendingDispatches.delete(message.requestId);
        const sent = connection.getState().dispatches.get(message.requestId);
        // No longer listed (past the list's cap): nothing shows its answer.
        if (!sent) return;
        const eventType = sent.eventType;
        connection
          .getState()
          .trackDispatch(
            message.requestId,
            message.ok
              ? { state: 'accepted', eventType, eventId: message.eventId }
              : { state: 'refused', eventType, reason: message.reason },
          );
        return;
      }
      case 'goodbye':
        instances.getState().markGone((instance) => instance.key === key);
        return;
    }
  };

  const onTransport = (event: TransportEvent) => {
    switch (event.kind) {
      case 'page':
        return onPage(event.message, event.frame);
      case 'status':
        connection.getState().setStatus(event.status);
        if (event.status === 'connected' || event.status === 'navigated') send(panelMessage('connect'));
        return;
      case 'rejected':
        if (event.reason === 'version-mismatch') connection.getState().setVersionMismatch(event.version);
        else connection.getState().notice(`A message from the page was refused: ${event.detail ?? 'bad shape'}.`);
        return;
      case 'lost':
        connection.getState().addLost(event.count);
        return;
      case 'frame-gone':
        instances
          .getState()
          .markGone((instance) => instance.frame?.tabId === event.frame.tabId && instance.frame?.frameId === event.frame.frameId);
        return;
    }
  };

  /** Refuses a dispatch still awaiting its answer, and stops waiting for it. */
  const giveUp = (requestId: string, reason: string) => {
    pendingDispatches.delete(requestId);
    const sent = connection.getState().dispatches.get(requestId);
    if (sent) connection.getState().trackDispatch(requestId, { state: 'refused', eventType: sent.eventType, reason });
  };
  // A bus that goes (goodbye, its frame gone) never answers: its dispatches are refused, none stays "sent".
  instances.subscribe((now) => {
    if (pendingDispatches.size === 0) return;
    for (const [requestId, key] of pendingDispatches) {
      const instance = now.instances.get(key);
      if (instance && !instance.live) giveUp(requestId, wentAway(instance.info.name));
    }
  });

  settings.subscribe((now, before) => {
    if (now.maxEvents < before.maxEvents) events.getState().trim(now.maxEvents);
  });

  return {
    events,
    instances,
    connection,
    filters,
    selection,
    settings,
    /** Opens a trace frame in the host's source viewer; undefined when the host has none. */
    openSource: options.openSource,
    /** Whether the log can be kept across the page's reloads here (see {@link PanelModelOptions.canPreserveLog}). */
    canPreserveLog,
    /** Starts listening to the transport; returns stop (which also tells the page to stop streaming). */
    start(): () => void {
      const stop = transport.start(onTransport);
      return () => {
        send(panelMessage('disconnect'));
        stop();
      };
    },
    /** Pauses or resumes recording, here and on the page. */
    setPaused(paused: boolean) {
      settings.getState().set({ paused });
      send(panelMessage(paused ? 'pause' : 'resume'));
    },
    /** Forgets every recorded event, and empties the page's buffer; the counts of entries dropped and events let go start over. */
    clear() {
      events.getState().clear();
      instances.getState().resetDropped();
      selection.getState().select(undefined);
      send(panelMessage('clear'));
    },
    /** Asks the page for a fresh list of subscriptions. */
    refreshSubscriptions() {
      send(panelMessage('request-snapshot'));
    },
    /**
     * Asks the page to publish an event (`replay` marks it as a replay) on the bus `instanceKey`
     * names (the one that recorded it, or the one chosen), as {@link dispatchTargetFor} finds it:
     * that bus while live, else its successor after a reload, by default the top frame's. With no
     * such bus it is refused at once, saying why. `eventVersion`: the version the payload was
     * recorded at, so the page's registry upcasts it (default: its current version). The page
     * refuses unless it allowed dispatch; the answer of that bus, and no other, lands in
     * `connection.dispatches` under the returned id (refused if the bus goes away first).
     */
    dispatch(
      eventType: string,
      payload: unknown,
      mode: 'dispatch' | 'replay' = 'dispatch',
      instanceKey?: string,
      eventVersion?: number,
    ): string {
      const requestId = newRequestId();
      const found = dispatchTargetFor(instances.getState(), instanceKey);
      if (!found.found) {
        connection.getState().trackDispatch(requestId, { state: 'refused', eventType, reason: found.reason });
        return requestId;
      }
      const target = found.instance;
      connection.getState().trackDispatch(requestId, { state: 'sent', eventType });
      const message: PanelMessage = {
        source: PANEL_SOURCE,
        version: PROTOCOL_VERSION,
        kind: 'dispatch',
        instanceId: target.info.id,
        requestId,
        eventType,
        payload,
        mode,
        ...(eventVersion === undefined ? {} : { eventVersion }),
      };
      pendingDispatches.set(requestId, target.key);
      if (pendingDispatches.size > MAX_PENDING_DISPATCHES) giveUp(pendingDispatches.keys().next().value as string, GIVEN_UP);
      send(message, target.frame?.frameId);
      return requestId;
    },
    /** The recorded events and instances as the JSON text of an export file. */
    exportJson(): string {
      return toExportJson(events.getState().records, [...instances.getState().instances.values()]);
    },
    /**
     * Reads an export file's text into the log, and says what was added and what was not; throws an
     * ImportError that says what is wrong, and changes nothing, for a file it refuses.
     */
    importJson(text: string): ImportReport {
      return importExportFile({ events, instances, settings }, text);
    },
  };
};

/** One panel's state and actions. */
export type PanelModel = ReturnType<typeof createPanelModel>;
