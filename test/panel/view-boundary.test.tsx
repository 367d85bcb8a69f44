// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from '../../src/devtools/panel/ui/ViewBoundary';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const Broken = ({ why }: { why: string }): never => {
  throw new TypeError(why);
};

describe('a view that fails', () => {
  it('is replaced by what went wrong, and its siblings stay', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <div>
        <ViewBoundary name="Stats">
          <Broken why="Cannot read properties of null (reading 'label')" />
        </ViewBoundary>
        <p>the toolbar</p>
      </div>,
    );
    expect(screen.getByRole('alert').textContent).toContain(
      "The Stats view could not be shown (Cannot read properties of null (reading 'label'))",
    );
    expect(screen.getByText('the toolbar')).toBeTruthy();
  });

  it('tries again when its key changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const view = (key: string, broken: boolean) => (
      <ViewBoundary key={key} name="Event detail">
        {broken ? <Broken why="bad payload" /> : <p>the detail</p>}
      </ViewBoundary>
    );
    const { rerender } = render(view('event-1', true));
    expect(screen.getByRole('alert')).toBeTruthy();
    rerender(view('event-2', false));
    expect(screen.getByText('the detail')).toBeTruthy();
  });
});
