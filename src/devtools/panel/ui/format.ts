/** `12:03:04.567` for a timestamp. @example formatTime(Date.now()) */
export const formatTime = (timestamp: number): string => {
  const d = new Date(timestamp);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
};

/** `0.42 ms` / `12.3 ms` / `1.20 s`. @example formatDuration(0.4213) // '0.42 ms' */
export const formatDuration = (ms: number): string => {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
};
