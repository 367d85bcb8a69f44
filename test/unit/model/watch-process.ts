/**
 * Watches what a bus must never do behind a test's back: cause an unhandled rejection, or log
 * with console.error (only the library's own `[hubbub]` lines are allowed, and counted).
 */
export interface ProcessWatch {
  /** Reasons of unhandled rejections since the watch started. */
  readonly unhandled: unknown[];
  /** Arguments of every console.error call (silenced while watched). */
  readonly logged: unknown[][];
  /** Lets pending immediates and rejection checks run, then restores the process. */
  stop(): Promise<void>;
}

/** Lets every callback queued so far (promises, then immediates) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Starts watching. Vitest's own unhandled-rejection listeners are set aside meanwhile, so that an
 * unhandled rejection is a recorded fact the test asserts on, not a crash of the whole file.
 */
export const watchProcess = (): ProcessWatch => {
  const unhandled: unknown[] = [];
  const logged: unknown[][] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  const saved = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onUnhandled);
  // Swapped by hand, not with vi.spyOn: Vitest keeps every spy it ever made, one per program and path.
  const consoleError = console.error;
  console.error = (...parts: unknown[]) => void logged.push(parts);
  let stopped = false;
  return {
    unhandled,
    logged,
    async stop() {
      if (stopped) return;
      stopped = true;
      await settle();
      await settle();
      console.error = consoleError;
      process.removeListener('unhandledRejection', onUnhandled);
      for (const listener of saved) process.on('unhandledRejection', listener);
    },
  };
};

/** Whether a console.error call is one of the library's own lines. */
export const isHubbubLog = (parts: readonly unknown[]): boolean => typeof parts[0] === 'string' && parts[0].startsWith('[hubbub]');
