import { Banner } from './Banner';
import { DispatchView } from './DispatchView';
import { EventDetail } from './EventDetail';
import { EventList } from './EventList';
import { useSelection, useSettings } from './model-context';
import { SagasView } from './SagasView';
import { StatsView } from './StatsView';
import { SubscriptionsView } from './SubscriptionsView';
import { TestView } from './TestView';
import { Toolbar } from './Toolbar';
import { ViewBoundary } from './ViewBoundary';

/** The names a failed view is called by (the tabs' own labels). */
const VIEW_NAMES = {
  log: 'Events',
  subscriptions: 'Subscriptions',
  sagas: 'Sagas',
  stats: 'Stats',
  dispatch: 'Dispatch',
  test: 'Copy as test',
} as const;

/**
 * The whole panel UI. Render inside a ModelProvider. `embedded` (the floating panel, inside the
 * app's own page) drops the `main` landmark: the page has its own, and landmarks must not nest.
 *
 * @example <ModelProvider model={model}><App hostTheme="dark" /></ModelProvider>
 */
export const App = ({ hostTheme, embedded = false }: { hostTheme?: 'light' | 'dark' | undefined; embedded?: boolean }) => {
  const Main = embedded ? 'div' : 'main';
  const view = useSelection((s) => s.view);
  const selectedKey = useSelection((s) => s.selectedKey);
  const theme = useSettings((s) => s.theme);
  const systemDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const resolved = theme === 'auto' ? (hostTheme ?? (systemDark ? 'dark' : 'light')) : theme;
  return (
    <div className="hb-panel" data-theme={resolved}>
      <Toolbar />
      <Banner />
      <Main className="hb-main">
        {view === 'log' && (
          <div className="hb-split">
            <ViewBoundary name="Events">
              <EventList />
            </ViewBoundary>
            {/* Another event selected tries again. */}
            <ViewBoundary key={selectedKey} name="Event detail">
              <EventDetail />
            </ViewBoundary>
          </div>
        )}
        {view !== 'log' && (
          <ViewBoundary key={view} name={VIEW_NAMES[view]}>
            {view === 'subscriptions' && <SubscriptionsView />}
            {view === 'sagas' && <SagasView />}
            {view === 'stats' && <StatsView />}
            {view === 'dispatch' && <DispatchView />}
            {view === 'test' && <TestView />}
          </ViewBoundary>
        )}
      </Main>
    </div>
  );
};
