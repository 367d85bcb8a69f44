import { type ReactNode, useId } from 'react';

/** Props of {@link Panel}. */
export interface PanelProps {
  readonly title: string;
  /** One line under the title: which pattern this panel shows. */
  readonly pattern: string;
  readonly className?: string;
  readonly children: ReactNode;
}

/**
 * A titled card; a landmark region named by its title, so tests and screen readers find it.
 *
 * @example
 * <Panel title="Cart" pattern="zustand store fed by useEvent">...</Panel>
 */
export function Panel({ title, pattern, className, children }: PanelProps) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <header>
        <h2 id={id}>{title}</h2>
        <p className="pattern">{pattern}</p>
      </header>
      {children}
    </section>
  );
}
