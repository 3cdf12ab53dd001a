import { useRef, useState, type ReactNode } from 'react';
import { downloadFile } from '../api/files';
import { summarize } from '../api/problem';
import { Alert } from './ui';

/**
 * A button for one action that may fail on its own, outside a form (download a statement, unlock
 * a sign-in): disabled and saying `busyLabel` while the action runs; a failure shows an alert
 * under it, headed `failedHeading`, with the error in plain words (`problem`, or the usual
 * summary). The action starts within the press (a file it opens in a tab is not a pop-up).
 */
export function ActionButton({
  label,
  busyLabel,
  failedHeading,
  headingLevel,
  className = 'usa-button usa-button--outline',
  onAction,
  problem = (err) => summarize(err)[0].message,
}: {
  label: ReactNode;
  busyLabel: string;
  failedHeading: string;
  headingLevel?: 2 | 3;
  className?: string;
  onAction: () => Promise<void>;
  problem?: (err: unknown) => string;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setFailure(null);
          try {
            await onAction();
          } catch (err) {
            setFailure(problem(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? busyLabel : label}
      </button>
      {failure && (
        <div role="alert" className="width-full">
          <Alert type="error" heading={failedHeading} headingLevel={headingLevel}>
            <p className="margin-0">{failure}</p>
          </Alert>
        </div>
      )}
    </>
  );
}

/**
 * A PDF of the API (receipt, completion notice) for a page with an error summary: the button
 * stays enabled (and focused) while the file comes, a second press meanwhile does nothing, and a
 * failure goes to `onError`.
 */
export function FileButton({
  path,
  filename,
  className = 'usa-button usa-button--outline',
  onError,
  children,
}: {
  path: `/api/v1/${string}`;
  filename: string;
  className?: string;
  onError: (err: unknown) => void;
  children: ReactNode;
}) {
  const busy = useRef(false);
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        if (busy.current) return;
        busy.current = true;
        try {
          await downloadFile(path, filename);
        } catch (err) {
          onError(err);
        } finally {
          busy.current = false;
        }
      }}
    >
      {children}
    </button>
  );
}
