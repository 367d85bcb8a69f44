import { Component, type ReactNode } from 'react';

/**
 * Keeps one view's failure from blanking the whole panel (React unmounts everything above an
 * error no boundary catches): the view is replaced by what went wrong, and the other views keep
 * working. Give it a `key` that changes when the view should try again (another view, another event).
 *
 * @example
 * <ViewBoundary key={view} name="Stats"><StatsView /></ViewBoundary>
 */
export class ViewBoundary extends Component<{ name: string; children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error: error ?? new Error('unknown error') };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const message = error instanceof Error ? error.message : String(error);
    return (
      <div className="hb-banner hb-banner-error" role="alert">
        The {this.props.name} view could not be shown ({message}). What it shows may be malformed, as in an edited export file; the other
        views still work.
      </div>
    );
  }
}
