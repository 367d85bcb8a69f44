// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mountFloatingPanel } from '../../src/devtools/panel/floating/mount-floating-panel';
import { renderPanel } from './render-panel';

const unmounts: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const unmount of unmounts.splice(0)) unmount();
});

describe('"Preserve log"', () => {
  it('is offered by the extension’s panel, which outlives the page’s reloads', () => {
    renderPanel();
    expect(screen.getByRole('checkbox', { name: 'Preserve log' })).toBeDefined();
  });

  it('is not offered by the floating panel, which reloads with the page', async () => {
    const container = document.body.appendChild(document.createElement('div'));
    unmounts.push(mountFloatingPanel({ open: true, container }));
    const shadow = container.shadowRoot as ShadowRoot;
    const panel = () => within(shadow as unknown as HTMLElement);
    // The UI loads on first open.
    await waitFor(() => expect(panel().getByRole('button', { name: 'Clear' })).toBeDefined(), { timeout: 5_000 });
    expect(panel().queryByRole('checkbox', { name: 'Preserve log' })).toBeNull();
    expect(panel().getByRole('checkbox', { name: 'regex' })).toBeDefined();
  });

  it('is not offered, and not applied, where the host says it cannot keep the log', () => {
    const { page, model } = renderPanel({ canPreserveLog: false, settings: { preserveLog: true } });
    expect(screen.queryByRole('checkbox', { name: 'Preserve log' })).toBeNull();
    page.batch(page.event('before:reload', {}));
    page.reload();
    expect(model.events.getState().records).toEqual([]);
  });
});
