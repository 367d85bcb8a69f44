import type { Bus, EventRegistry } from '../index';
import type { PanelMessage } from './protocol';
import { revive } from './revive';
import { messageOf } from './text';

/** The outcome of a panel's dispatch or replay request (the panel's command, not the core's dispatch). */
export type DispatchOutcome = { readonly ok: true; readonly eventId: string } | { readonly ok: false; readonly reason: string };

type DispatchMessage = Extract<PanelMessage, { kind: 'dispatch' }>;

interface DispatchOptions {
  readonly bus: Bus;
  readonly allowDispatch: boolean;
  readonly registry: Pick<EventRegistry, 'has' | 'versionOf' | 'decode'> | undefined;
  /** Event types seen on this bus as class instances (they need the registry to be rebuilt). */
  readonly classTypes: ReadonlySet<string>;
  /**
   * Publishes and returns the id of the event it created; the caller marks that event replayed.
   * Called synchronously with the publish.
   */
  readonly publishMarked: (publish: () => Promise<unknown>) => string | undefined;
}

/**
 * Handles the panel's `dispatch`/`replay` requests: refused unless the page allowed it; class
 * events are rebuilt (upcast, validated) through the registry; string keys are published with
 * their JSON payload.
 *
 * @example
 * const dispatch = createPanelDispatchHandler({ bus, allowDispatch: true, registry, classTypes, publishMarked })
 * const outcome = await dispatch(message) // { ok: true, eventId } or { ok: false, reason }
 */
export const createPanelDispatchHandler =
  ({ bus, allowDispatch, registry, classTypes, publishMarked }: DispatchOptions) =>
  async (message: DispatchMessage): Promise<DispatchOutcome> => {
    const { eventType } = message;
    if (!allowDispatch) {
      return {
        ok: false,
        reason: `This page does not allow dispatching from devtools. Pass connectDevtools(bus, { allowDispatch: true }) (in development only) to enable ${message.mode}.`,
      };
    }
    if (eventType === '' || eventType === '*') return { ok: false, reason: `"${eventType}" is not an event type that can be dispatched.` };
    const revived = revive(message.payload);
    if (!revived.ok) return { ok: false, reason: `Cannot ${message.mode} "${eventType}": ${revived.reason}.` };

    let publish: () => Promise<unknown>;
    if (registry?.has(eventType)) {
      try {
        const decoded = await registry.decode({
          type: eventType,
          version: message.eventVersion ?? registry.versionOf(eventType),
          data: revived.value,
        });
        publish =
          typeof decoded.key === 'string'
            ? () => bus.publish(decoded.key as string, decoded.event)
            : () => bus.publish(decoded.event as object);
      } catch (error) {
        return { ok: false, reason: `The registry refused "${eventType}": ${messageOf(error)}` };
      }
    } else if (classTypes.has(eventType)) {
      return {
        ok: false,
        reason: `"${eventType}" is a class event, and the page cannot rebuild it without a registry: pass connectDevtools(bus, { registry }) with registry.define(${eventType}).`,
      };
    } else {
      publish = () => bus.publish(eventType, revived.value);
    }

    try {
      const eventId = publishMarked(publish);
      return eventId === undefined
        ? { ok: false, reason: `"${eventType}" was not dispatched (the bus refused it).` }
        : { ok: true, eventId };
    } catch (error) {
      return { ok: false, reason: `Dispatching "${eventType}" failed: ${messageOf(error)}` };
    }
  };
