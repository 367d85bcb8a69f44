import { mountFloatingPanel } from 'hubbub/devtools/panel/production';
import { useEffect, useState } from 'react';

/** Props of {@link PanelToggle}. */
export interface PanelToggleProps {
  /** 'closed' shows the panel's button, 'open' opens the panel, 'off' shows nothing. */
  readonly initial: 'off' | 'closed' | 'open';
}

/**
 * Shows or hides the in-page Hubbub panel (for browsers without the extension). The panel reads
 * the same stream as the DevTools panel.
 *
 * @example
 * <PanelToggle initial="closed" />
 */
export function PanelToggle({ initial }: PanelToggleProps) {
  const [shown, setShown] = useState(initial !== 'off');
  useEffect(() => {
    if (!shown) return;
    return mountFloatingPanel({ open: initial === 'open', position: 'bottom-right' });
  }, [shown, initial]);
  return (
    <label className="toggle">
      <input type="checkbox" checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} />
      In-page devtools panel
    </label>
  );
}
