import { dateOf, localTs, monthEnd } from './demo-calendar';
import { Entry, Method, World } from './demo-world';

/** Ledger entries as the API writes them: one of any kind, and a payment with its method. */
export function ledgerWriters(w: World) {
  const { rng, finance, event } = w;

  function entry(
    enrollmentId: string,
    kind: Entry['kind'],
    amount: number,
    signed: number,
    day: number,
    minute: number,
    by: string,
  ): Entry {
    return {
      id: rng.uuid(),
      enrollmentId,
      kind,
      amount,
      signed,
      method: null,
      reference: null,
      receivedOn: null,
      receiptNumber: null,
      reason: null,
      note: null,
      reverses: null,
      waiverRequestId: null,
      at: localTs(day, minute),
      day,
      by,
      remit: 0,
    };
  }

  function payment(
    enrollmentId: string,
    amount: number,
    method: Method,
    day: number,
    minute: number,
  ): Entry {
    const by = rng.pick(finance);
    const e = entry(enrollmentId, 'PAYMENT', amount, -amount, day, minute, by);
    e.method = method;
    e.receivedOn = dateOf(day);
    e.reference =
      method === 'CHECK'
        ? `Check #${rng.int(1000, 4999)}`
        : method === 'MONEY_ORDER'
          ? `MO ${rng.int(10_000_000, 99_999_999)}`
          : method === 'CARD'
            ? `Card ending ${rng.int(1000, 9999)}`
            : null;
    e.remit = amount;
    event(day, minute, by, 'ledger.payment.record', 'ledger_entry', e.id);
    return e;
  }

  return { entry, payment };
}

/**
 * Gap-free receipt numbers per year, and the monthly remittance batches; answers the last
 * receipt number of each year (the receipt counters).
 */
export function receiptsAndRemittances(w: World): Map<number, number> {
  const { rng, yearStart, asOfDay, finance, supervisors, entries, batches, items, event } = w;

  // Receipt numbers: per calendar year of the received date, in the order payments came in.
  const payments = entries
    .filter((e) => e.kind === 'PAYMENT')
    .sort((a, b) => a.day - b.day || (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const counters = new Map<number, number>();
  for (const p of payments) {
    const year = Number(p.receivedOn!.slice(0, 4));
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    p.receiptNumber = `R-${year}-${String(n).padStart(6, '0')}`;
  }

  // Monthly remittances: every movement dated up to the month's end that no batch took yet.
  const movements = entries
    .filter((e) => e.remit !== 0)
    .map((e) => ({ e, date: e.kind === 'PAYMENT' ? e.day : e.day }))
    .sort((a, b) => a.date - b.date);
  const taken = new Set<string>();
  const periodEnds: number[] = [];
  for (let pe = monthEnd(yearStart); pe + 1 < asOfDay; pe = monthEnd(pe + 1)) periodEnds.push(pe);
  let batchNo = 0;
  for (const [i, pe] of periodEnds.entries()) {
    const createdDay = pe + rng.int(1, 3);
    if (createdDay >= asOfDay) continue;
    const batchItems = movements.filter((m) => m.date <= pe && !taken.has(m.e.id));
    if (batchItems.length === 0) continue;
    const total = batchItems.reduce((s, m) => s + m.e.remit, 0);
    const by = rng.pick(finance);
    batchNo++;
    if (batchNo === 3) {
      // Built with the wrong period first, voided the same day, items released.
      const voided = rng.uuid();
      const voider = rng.pick(supervisors);
      batches.push([
        voided,
        dateOf(pe),
        'VOIDED',
        total,
        batchItems.length,
        null,
        null,
        localTs(createdDay, 600),
        by,
        null,
        null,
        localTs(createdDay, 615),
        voider,
        'Built before the last deposits posted',
      ]);
      for (const m of batchItems) items.push([voided, m.e.id, m.e.remit, false]);
      event(createdDay, 600, by, 'remittance.create', 'remittance_batch', voided);
      event(createdDay, 615, voider, 'remittance.void', 'remittance_batch', voided, 200);
    }
    const id = rng.uuid();
    const sentDay = createdDay + rng.int(1, 5);
    const sent = i < periodEnds.length - 1 && sentDay < asOfDay;
    batches.push([
      id,
      dateOf(pe),
      sent ? 'SENT' : 'DRAFT',
      total,
      batchItems.length,
      sent ? `ACH-${dateOf(pe).slice(0, 7).replace('-', '')}-${rng.int(1000, 9999)}` : null,
      sent ? dateOf(sentDay) : null,
      localTs(createdDay, 630),
      by,
      sent ? localTs(sentDay, 900) : null,
      sent ? by : null,
      null,
      null,
      null,
    ]);
    event(createdDay, 630, by, 'remittance.create', 'remittance_batch', id);
    if (sent) event(sentDay, 900, by, 'remittance.send', 'remittance_batch', id, 200);
    for (const m of batchItems) {
      taken.add(m.e.id);
      items.push([id, m.e.id, m.e.remit, true]);
    }
  }

  return counters;
}
