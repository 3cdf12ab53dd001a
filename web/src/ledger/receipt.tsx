import type { ReactNode } from 'react';
import { FileButton } from '../app/buttons';
import type { LedgerEntry } from './api';

/** A payment's receipt PDF (the API's, fetched with the access token). */
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
  return (
    <FileButton
      path={`/api/v1/ledger-entries/${entry.id}/receipt.pdf`}
      filename={`${entry.receiptNumber ?? 'receipt'}.pdf`}
      className={className}
      onError={onError}
    >
      {children}
    </FileButton>
  );
}
