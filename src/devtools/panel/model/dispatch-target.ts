import type { FrameInfo } from '../../protocol';
import { frameOfInstanceKey } from './event-record';
import { busNameOf, defaultDispatchTarget, type InstanceRecord, type InstancesState, isTopFrame } from './instances';

/**
 * Where a dispatch aimed at a bus goes (see {@link dispatchTargetFor}): a live bus, and whether it
 * stands in for a gone one; or none, with what went wrong (`problem`) and, in `reason`, what to do.
 */
export type DispatchTarget =
  | { readonly found: true; readonly instance: InstanceRecord; readonly successor: boolean }
  | { readonly found: false; readonly problem: string; readonly reason: string };

const NO_BUS = 'No Hubbub bus is connected to this panel';

const none = (problem: string, advice: string): DispatchTarget => ({ found: false, problem, reason: `${problem}; ${advice}.` });

/**
 * Whether a live bus's frame is the one a gone bus lived in: the top frame for both; else the same
 * frame of the tab (it reloaded in place), or one at the same address (the page's reload made the
 * iframe again, with a new id).
 */
const inSameFrame = (gone: FrameInfo | undefined, live: FrameInfo | undefined): boolean => {
  if (gone === undefined || live === undefined || isTopFrame(gone) || isTopFrame(live)) return isTopFrame(gone) && isTopFrame(live);
  return (gone.tabId === live.tabId && gone.frameId === live.frameId) || (gone.frameUrl !== '' && gone.frameUrl === live.frameUrl);
};

/**
 * The bus a dispatch aimed at `instanceKey` goes to, one rule for the model's dispatch, Replay,
 * Edit in Dispatch and the Dispatch view:
 * - no key (the developer chose none): the default target among the live buses (the top frame's);
 * - that bus while it is live (a bus chosen in the Dispatch view too);
 * - once it is gone, the live bus that is evidently the same one after a reload: the only live bus
 *   of its name in its frame (Redux DevTools, likewise, replays into the current store);
 * - else none: several live buses have its name (no guess), or none has.
 *
 * @example
 * const target = dispatchTargetFor(instances.getState(), record.instanceKey)
 * if (!target.found) refuse(target.reason)
 */
export const dispatchTargetFor = (
  state: Pick<InstancesState, 'instances' | 'forgotten'>,
  instanceKey: string | undefined,
): DispatchTarget => {
  const live = [...state.instances.values()].filter((instance) => instance.live);
  if (instanceKey === undefined) {
    const instance = defaultDispatchTarget(live);
    return instance
      ? { found: true, instance, successor: false }
      : none(NO_BUS, 'connect one with connectDevtools(bus, { allowDispatch: true })');
  }
  const own = state.instances.get(instanceKey);
  if (own?.live) return { found: true, instance: own, successor: false };
  const name = busNameOf(state, instanceKey);
  const gone =
    name === undefined
      ? 'The bus that recorded this event is no longer known to the panel'
      : `The bus "${name}" that recorded this event is gone (the page reloaded or its frame closed)`;
  if (live.length === 0) return none(`${gone} and no bus is live`, 'wait for the page to connect one');
  if (name === undefined) return none(gone, 'use Edit in Dispatch to choose a bus');
  // A bus the caps forgot has no record: its key still names its frame.
  const frame = own ? own.frame : frameOfInstanceKey(instanceKey);
  const named = live.filter((instance) => instance.info.name === name);
  const same = named.filter((instance) => inSameFrame(frame, instance.frame));
  const [successor] = same;
  if (successor && same.length === 1) return { found: true, instance: successor, successor: true };
  if (same.length > 1) return none(`${gone} and ${same.length} live buses have its name`, 'use Edit in Dispatch to choose one');
  return none(`${gone} and no live bus ${named.length > 0 ? 'in its frame ' : ''}has its name`, 'use Edit in Dispatch to choose a bus');
};
