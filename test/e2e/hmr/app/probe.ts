/** What the test reads from the page: every bus made (one per run of bus.ts) and what ran, in order. */
export interface HotProbe {
  buses: { id: string; emit(type: string, payload: unknown): void }[];
  ran: string[];
}

const page = window as unknown as { hotProbe?: HotProbe };
page.hotProbe ??= { buses: [], ran: [] };
/** The page's probe; it outlives hot reloads (a page reload starts a new one). */
export const probe: HotProbe = page.hotProbe;
