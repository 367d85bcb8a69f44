import type { DemoConfig } from '../config';
import { PanelToggle } from './PanelToggle';
import { SessionToggle } from './SessionToggle';

/**
 * The title bar: session, the in-page panel toggle, and any problem with the URL's settings.
 *
 * @example
 * <Header config={config} />
 */
export function Header({ config }: { readonly config: DemoConfig }) {
  return (
    <header className="top">
      <h1>
        Hubbub <span>demo shop</span>
      </h1>
      <SessionToggle />
      <PanelToggle initial={config.panel} />
      {config.problems.length > 0 && (
        <ul className="config-problems" role="alert">
          {config.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </header>
  );
}
