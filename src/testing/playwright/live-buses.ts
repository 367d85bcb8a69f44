import type { Frame } from '@playwright/test';
import type { PageMessage } from '../../devtools/protocol';
import type { RecordedInstance } from './records';

/**
 * A bus that said hello, in a frame and document that were current then.
 *
 * @example
 * const live: LiveBus = { instance, frame: page.mainFrame(), documentId: 'k3j9x1' }
 */
export interface LiveBus {
  readonly instance: RecordedInstance;
  readonly frame: Frame | undefined;
  readonly documentId: unknown;
}

/**
 * The buses of each frame's current document, by bus id: where a dispatch can go. A frame's buses
 * are forgotten once a message comes from another document of it (a reload, a navigation), when
 * they say goodbye, and when the frame is forgotten.
 *
 * @example
 * const liveBuses = createLiveBuses()
 * liveBuses.note(message, frame, documentId)
 * const names = liveBuses.buses().map((live) => live.instance.name)
 */
export const createLiveBuses = () => {
  const byId = new Map<string, LiveBus>();
  const documentOfFrame = new Map<Frame | undefined, string>();

  const forgetBusesOf = (frame: Frame | undefined) => {
    for (const [id, live] of byId) if (live.frame === frame) byId.delete(id);
  };

  return {
    /** Follows a page message from `frame`'s document `documentId` (an id the page script gave it). */
    note(message: PageMessage, frame: Frame | undefined, documentId: unknown): void {
      if (typeof documentId === 'string' && documentOfFrame.get(frame) !== documentId) {
        documentOfFrame.set(frame, documentId);
        forgetBusesOf(frame);
      }
      if (message.kind === 'hello') {
        byId.set(message.instanceId, { instance: { ...message.instance, sessionId: message.sessionId }, frame, documentId });
      }
      if (message.kind === 'goodbye') byId.delete(message.instanceId);
    },
    /** Forgets the frame's document and its buses: it detached, or its document is no longer theirs. */
    forgetFrame(frame: Frame | undefined): void {
      documentOfFrame.delete(frame);
      forgetBusesOf(frame);
    },
    /** Forgets every bus (the page closed). */
    clear(): void {
      byId.clear();
    },
    /** The live buses, in the order they first said hello. */
    buses(): LiveBus[] {
      return [...byId.values()];
    },
  };
};

/**
 * What {@link createLiveBuses} returns.
 *
 * @example
 * const dispatcher = createDispatcher({ liveBuses, ... })
 */
export type LiveBuses = ReturnType<typeof createLiveBuses>;
