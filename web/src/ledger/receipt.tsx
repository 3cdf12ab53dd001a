import { useRef, type ReactNode } from 'react';
import { downloadFile } from '../api/files';
import type { LedgerEntry } from './ledger-tab';

/**
 * Fetches a payment's receipt PDF with the access token (a plain link could not send it) and
 * hands it to the browser, which opens or saves it for printing. The button stays enabled (and
 * focused) while the file comes; a second press meanwhile does nothing.
 */
export function ReceiptButton({
  entry,
  className,
  children,
  onError,
}: {
  entry: LedgerEntry;
  className: string;
  children: ReactNode;
  onError: (err: unknown) => void;
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
          await downloadFile(
            `/api/v1/ledger-entries/${entry.id}/receipt.pdf`,
            `${entry.receiptNumber ?? 'receipt'}.pdf`,
          );
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
