/** Which simulated service answers first; `random` for humans, fixed orders for tests. */
export type ReplyOrder = 'random' | 'payment-first' | 'inventory-first';

/** The demo's knobs, read from the URL so tests can make it deterministic and fast. */
export interface DemoConfig {
  readonly replyOrder: ReplyOrder;
  /** How long the fulfillment saga waits for payment and stock. */
  readonly timeoutMs: number;
  /** Orders whose total is above this make the analytics handler fail (error isolation demo). */
  readonly analyticsLimit: number;
  /** The in-page devtools panel at load: its button only, opened, or not mounted. */
  readonly panel: PanelMode;
  /** What was wrong in the URL and what was used instead. */
  readonly problems: readonly string[];
}

/** How the in-page devtools panel starts. */
export type PanelMode = 'off' | 'closed' | 'open';

const panelModes: readonly PanelMode[] = ['off', 'closed', 'open'];
const replyOrders: readonly ReplyOrder[] = ['random', 'payment-first', 'inventory-first'];

/**
 * Reads `?replyOrder=payment-first&timeoutMs=500&analyticsLimit=100&panel=open`. A bad value is
 * reported (shown in the page) and replaced by the default, never silently ignored.
 *
 * @example
 * readConfig('?replyOrder=inventory-first').replyOrder // 'inventory-first'
 */
export const readConfig = (search: string): DemoConfig => {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      problems.push(`${name}=${raw} is not a number from ${min} to ${max}; using ${fallback}. Fix the URL, e.g. ?${name}=${fallback}.`);
      return fallback;
    }
    return value;
  };
  const choice = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name}=${raw} is unknown; using ${fallback}. Use one of: ${options.join(', ')}.`);
    return fallback;
  };
  return {
    replyOrder: choice('replyOrder', replyOrders, 'random'),
    timeoutMs: number('timeoutMs', 4000, 50, 600_000),
    analyticsLimit: number('analyticsLimit', 100, 0, 1_000_000),
    panel: choice('panel', panelModes, 'closed'),
    problems,
  };
};
