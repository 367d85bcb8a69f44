import { Banner } from './Banner';
import { DispatchView } from './DispatchView';
import { EventDetail } from './EventDetail';
import { EventList } from './EventList';
import { useSlice } from './model-context';
import { StatsView } from './StatsView';
import { SubscriptionsView } from './SubscriptionsView';
import { Toolbar } from './Toolbar';

/** The whole panel UI. Render inside a ModelProvider. @example <ModelProvider model={model}><App hostTheme="dark" /></ModelProvider> */
export const App = ({ hostTheme }: { hostTheme?: 'light' | 'dark' | undefined }) => {
  const view = useSlice(
    (m) => m.selection,
    (s) => s.view,
  );
  const theme = useSlice(
    (m) => m.settings,
    (s) => s.theme,
  );
  const systemDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const resolved = theme === 'auto' ? (hostTheme ?? (systemDark ? 'dark' : 'light')) : theme;
  return (
    <div className="hb-panel" data-theme={resolved}>
      <Toolbar />
      <Banner />
      <main className="hb-main">
        {view === 'log' && (
          <div className="hb-split">
            <EventList />
            <EventDetail />
          </div>
        )}
        {view === 'subscriptions' && <SubscriptionsView />}
        {view === 'stats' && <StatsView />}
        {view === 'dispatch' && <DispatchView />}
      </main>
    </div>
  );
};
