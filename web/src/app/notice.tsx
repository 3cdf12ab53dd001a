import type { ReactNode } from 'react';

/**
 * What was just done, in a slim success alert that takes focus (`id` names it for that) when the
 * control that did it is gone from the page.
 */
export function DoneNotice({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={id} tabIndex={-1} className="usa-alert usa-alert--success usa-alert--slim margin-y-2">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{children}</p>
      </div>
    </div>
  );
}
