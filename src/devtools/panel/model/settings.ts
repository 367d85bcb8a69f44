import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_TEST_SETUP, type TestFormat } from './test-file';

/** `auto` follows the host: DevTools' theme, else the system's colour scheme. */
export type ThemeSetting = 'auto' | 'light' | 'dark';

export interface SettingsValues {
  /** Events kept; the oldest go first. */
  readonly maxEvents: number;
  readonly theme: ThemeSetting;
  /** While true, incoming events are not recorded (and the page is asked to pause). */
  readonly paused: boolean;
  /** Keep the log when the inspected page reloads or navigates (a separator marks each navigation), like the Network panel's toggle. */
  readonly preserveLog: boolean;
  /** "Copy as test": the runner to write for. */
  readonly testFormat: TestFormat;
  /** "Copy as test" (Vitest): the line importing the app's `setup` and `registry`. */
  readonly testSetupImport: string;
}

export interface SettingsState extends SettingsValues {
  readonly set: (change: Partial<SettingsValues>) => void;
}

/** Bounds of the max-events setting. */
export const MAX_EVENTS_RANGE = { min: 100, max: 1_000_000, default: 10_000 } as const;

/**
 * Clamps a max-events value into {@link MAX_EVENTS_RANGE}; anything not a number gives the default.
 *
 * @example
 * clampMaxEvents(5) // 100
 */
export const clampMaxEvents = (value: number): number =>
  Number.isFinite(value) ? Math.min(MAX_EVENTS_RANGE.max, Math.max(MAX_EVENTS_RANGE.min, Math.round(value))) : MAX_EVENTS_RANGE.default;

const STORAGE_KEY = 'hubbub:panel-settings';
/** A setup import is a line or a few; more is not a setting worth keeping. */
const MAX_SETUP_IMPORT = 2_000;

const load = (storage: Storage | undefined): Partial<SettingsValues> => {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return {};
    const parsed = JSON.parse(raw) as Partial<SettingsValues>;
    const theme = parsed.theme === 'light' || parsed.theme === 'dark' ? parsed.theme : 'auto';
    return {
      maxEvents: clampMaxEvents(Number(parsed.maxEvents)),
      theme,
      preserveLog: parsed.preserveLog === true,
      testFormat: parsed.testFormat === 'playwright' ? 'playwright' : 'vitest',
      ...(typeof parsed.testSetupImport === 'string' ? { testSetupImport: parsed.testSetupImport.slice(0, MAX_SETUP_IMPORT) } : {}),
    };
  } catch {
    return {};
  }
};

/**
 * Creates the settings model; all but `paused` persist in `storage` when one is given.
 *
 * @example
 * const settings = createSettingsStore(localStorage)
 * settings.getState().set({ maxEvents: 50_000 })
 */
export const createSettingsStore = (storage?: Storage, initial: Partial<SettingsValues> = {}): StoreApi<SettingsState> => {
  const store = createStore<SettingsState>()((set) => ({
    maxEvents: MAX_EVENTS_RANGE.default,
    theme: 'auto',
    paused: false,
    preserveLog: false,
    testFormat: 'vitest',
    testSetupImport: DEFAULT_TEST_SETUP,
    ...load(storage),
    ...initial,
    set: (change) => set(change.maxEvents === undefined ? change : { ...change, maxEvents: clampMaxEvents(change.maxEvents) }),
  }));
  store.subscribe(({ maxEvents, theme, preserveLog, testFormat, testSetupImport }) => {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify({ maxEvents, theme, preserveLog, testFormat, testSetupImport }));
    } catch {}
  });
  return store;
};
