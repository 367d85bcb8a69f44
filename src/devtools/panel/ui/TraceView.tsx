import type { CallSiteFrame } from '../../call-site';
import type { EventRecord } from '../model/event-record';
import { useModel } from './model-context';

/** The file part of a frame's URL (its path without the origin or query), the full URL in its title. */
const fileOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

const FrameText = ({ frame }: { frame: CallSiteFrame }) => (
  <>
    <span className="hb-trace-fn">{frame.functionName || '(anonymous)'}</span>{' '}
    <span className="hb-muted">
      {fileOf(frame.url)}:{frame.line}:{frame.column}
    </span>
  </>
);

/** Who published the event: its call site's frames, innermost first; each opens in the host's source viewer when it has one. */
export const TraceView = ({ record }: { record: EventRecord }) => {
  const { openSource } = useModel();
  const { trace } = record;
  if (!trace) {
    return (
      <p className="hb-muted">
        No trace for this event. Connect the bus with <code>connectDevtools(bus, {'{ trace: true }'})</code> to see who published each
        event.
      </p>
    );
  }
  if (trace.length === 0) {
    return (
      <p className="hb-muted">
        No frames outside Hubbub were on the stack. In Safari, a function whose last act is the call (<code>() =&gt; bus.emit(…)</code>)
        leaves no frame: give the call a statement of its own, <code>() =&gt; {'{ bus.emit(…); }'}</code>, to see it.
      </p>
    );
  }
  return (
    <ol className="hb-trace" aria-label="Trace">
      {trace.map((frame, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: frames are fixed for an event and may repeat (recursion).
        <li key={index} title={frame.url}>
          {openSource ? (
            <button type="button" className="hb-trace-frame" onClick={() => openSource(frame)}>
              <FrameText frame={frame} />
            </button>
          ) : (
            <FrameText frame={frame} />
          )}
        </li>
      ))}
    </ol>
  );
};
