import type { BatchItem } from './api';

export { useBatch, type Batch, type BatchDetail, type BatchItem } from './api';

export const BATCH_STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft, not sent',
  SENT: 'Sent',
  VOIDED: 'Voided',
};

export function BatchStatusTag({ status }: { status: string }) {
  const tone: Record<string, string> = {
    DRAFT: 'bg-primary',
    SENT: 'bg-green',
    VOIDED: 'bg-base-dark',
  };
  return (
    <span className={`usa-tag ${tone[status] ?? ''}`}>{BATCH_STATUS_LABELS[status] ?? status}</span>
  );
}

/** A movement's kind as the statement names it: a reversal says what it reverses. */
export function itemKindLabel(item: Pick<BatchItem, 'kind' | 'reversedKind'>): string {
  if (item.kind === 'PAYMENT') return 'Payment';
  if (item.kind === 'REFUND') return 'Refund';
  if (item.reversedKind === 'PAYMENT') return 'Reversal of a payment';
  if (item.reversedKind === 'REFUND') return 'Reversal of a refund';
  return 'Reversal';
}

export interface Total {
  key: string;
  label: string;
  count: number;
  cents: number;
}

export function totalsBy(items: BatchItem[], keyOf: (i: BatchItem) => [string, string]): Total[] {
  const out = new Map<string, Total>();
  for (const i of items) {
    const [key, label] = keyOf(i);
    const t = out.get(key) ?? { key, label, count: 0, cents: 0 };
    t.count += 1;
    t.cents += i.amountCents;
    out.set(key, t);
  }
  return [...out.values()].sort((a, b) => a.label.localeCompare(b.label));
}
