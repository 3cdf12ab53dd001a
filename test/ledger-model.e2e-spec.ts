import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { ApiFactory } from './support/api-factory';

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());

type Op =
  | { t: 'pay'; amount: number }
  | { t: 'waive'; amount: number }
  | { t: 'refund'; amount: number }
  | { t: 'reverse'; pick: number };

interface ModelEntry {
  id: string;
  kind: 'FEE' | 'PAYMENT' | 'WAIVER' | 'REFUND' | 'REVERSAL';
  amount: number;
  signed: number;
  reversed: boolean;
  targetKind?: string;
}

/** The rules of PRODUCT.md "Fee ledger", written as plainly as possible. */
class LedgerModel {
  entries: ModelEntry[] = [];

  constructor(fee: number, feeId: string) {
    this.entries.push({ id: feeId, kind: 'FEE', amount: fee, signed: fee, reversed: false });
  }

  get balance(): number {
    return this.entries.reduce((s, e) => s + e.signed, 0);
  }

  get received(): number {
    let sum = 0;
    for (const e of this.entries) {
      if (e.kind === 'PAYMENT') sum += e.amount;
      if (e.kind === 'REFUND') sum -= e.amount;
      if (e.kind === 'REVERSAL' && e.targetKind === 'PAYMENT') sum -= e.amount;
      if (e.kind === 'REVERSAL' && e.targetKind === 'REFUND') sum += e.amount;
    }
    return sum;
  }

  /** The error code the API must answer, or null when the operation is allowed. */
  refusal(op: Op): string | null {
    switch (op.t) {
      case 'pay':
        return op.amount > this.balance ? 'OVERPAYMENT' : null;
      case 'waive':
        return op.amount > this.balance ? 'WAIVER_EXCEEDS_BALANCE' : null;
      case 'refund':
        return op.amount > this.received ? 'REFUND_EXCEEDS_RECEIVED' : null;
      case 'reverse': {
        const target = this.target(op.pick);
        if (target.kind === 'REVERSAL') return 'NOT_REVERSIBLE';
        if (target.reversed) return 'ALREADY_REVERSED';
        if (this.balance - target.signed < 0) return 'NOT_REVERSIBLE';
        if (target.kind === 'PAYMENT' && this.received < target.amount) return 'NOT_REVERSIBLE';
        return null;
      }
    }
  }

  /** 200 where the money is written by an approval (waivers, FEE or WAIVER reversals), else 201. */
  successStatus(op: Op): number {
    if (op.t === 'waive') return 200;
    if (op.t === 'reverse' && ['FEE', 'WAIVER'].includes(this.target(op.pick).kind)) return 200;
    return 201;
  }

  target(pick: number): ModelEntry {
    return this.entries[pick % this.entries.length];
  }

  apply(op: Op, id: string): void {
    switch (op.t) {
      case 'pay':
        this.entries.push({
          id,
          kind: 'PAYMENT',
          amount: op.amount,
          signed: -op.amount,
          reversed: false,
        });
        break;
      case 'waive':
        this.entries.push({
          id,
          kind: 'WAIVER',
          amount: op.amount,
          signed: -op.amount,
          reversed: false,
        });
        break;
      case 'refund':
        this.entries.push({
          id,
          kind: 'REFUND',
          amount: op.amount,
          signed: op.amount,
          reversed: false,
        });
        break;
      case 'reverse': {
        const target = this.target(op.pick);
        target.reversed = true;
        this.entries.push({
          id,
          kind: 'REVERSAL',
          amount: target.amount,
          signed: -target.signed,
          reversed: false,
          targetKind: target.kind,
        });
      }
    }
  }
}

const amount = fc.integer({ min: 1, max: 6_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: amount.map((a) => ({ t: 'pay' as const, amount: a })), weight: 4 },
  { arbitrary: amount.map((a) => ({ t: 'waive' as const, amount: a })), weight: 2 },
  {
    arbitrary: fc.integer({ min: 1, max: 3_000 }).map((a) => ({ t: 'refund' as const, amount: a })),
    weight: 3,
  },
  { arbitrary: fc.nat({ max: 30 }).map((p) => ({ t: 'reverse' as const, pick: p })), weight: 3 },
);

describe('fee ledger against a model (property-based)', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let supervisor2: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    [finance, supervisor, supervisor2] = await Promise.all([
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['SUPERVISOR']),
    ]);
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  /** Runs one operation through HTTP: the status code and error code or new entry id. */
  async function run(enrollmentId: string, model: LedgerModel, o: Op) {
    switch (o.t) {
      case 'pay':
        return finance
          .post(`/enrollments/${enrollmentId}/payments`)
          .set('Idempotency-Key', randomUUID())
          .send({ amountCents: o.amount, method: 'CASH', receivedOn: today() });
      case 'refund':
        return finance
          .post(`/enrollments/${enrollmentId}/refunds`)
          .set('Idempotency-Key', randomUUID())
          .send({ amountCents: o.amount, method: 'CHECK', reason: 'model refund' });
      case 'waive': {
        const requested = await finance.post(`/enrollments/${enrollmentId}/waiver-requests`, {
          amountCents: o.amount,
          reason: 'ABILITY_TO_PAY',
          note: 'model waiver',
        });
        // More than the balance is refused when asked (WAIVER_EXCEEDS_BALANCE), nothing kept.
        if (requested.status !== 201) return requested;
        const approved = await supervisor.post(`/waiver-requests/${requested.body.id}/approve`, {});
        if (approved.status === 200) approved.body.id = approved.body.ledgerEntryId;
        return approved;
      }
      case 'reverse': {
        const asked = await supervisor.post(`/ledger-entries/${model.target(o.pick).id}/reversal`, {
          reason: 'model reversal',
        });
        // A FEE or WAIVER reversal writes money off: asked by one supervisor (202), written when
        // a second one — neither the asker nor the entry's author — approves it.
        if (asked.status !== 202) return asked;
        const approved = await supervisor2.post(`/reversal-requests/${asked.body.id}/approve`, {});
        if (approved.status === 200) approved.body.id = approved.body.ledgerEntryId;
        return approved;
      }
    }
  }

  it('agrees with the model on balance, money received and every refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const fee = 10_000;
        const e = await make.enroll({ feeCents: fee });
        const feeRow = await db.one<{ id: string }>(
          `SELECT id FROM ledger_entries WHERE enrollment_id = $1`,
          [e.enrollmentId],
        );
        const model = new LedgerModel(fee, feeRow.id);
        for (const o of ops) {
          const expected = model.refusal(o);
          const status = model.successStatus(o);
          const res = await run(e.enrollmentId, model, o);
          if (expected === null) {
            expect({ op: o, status: res.status }).toEqual({
              op: o,
              status,
            });
            model.apply(o, res.body.id as string);
          } else {
            expect({ op: o, code: res.body.code }).toEqual({ op: o, code: expected });
          }
          const ledger = await finance.get(`/enrollments/${e.enrollmentId}/ledger`);
          expect({
            op: o,
            balance: ledger.body.balanceCents,
            received: ledger.body.receivedCents,
          }).toEqual({
            op: o,
            balance: model.balance,
            received: model.received,
          });
          expect(ledger.body.entries.map((x: { id: string }) => x.id)).toEqual(
            model.entries.map((x) => x.id),
          );
          const sql = await db.one<{ balance: number }>(
            `SELECT sum(signed_amount_cents)::int AS balance FROM ledger_entries WHERE enrollment_id = $1`,
            [e.enrollmentId],
          );
          expect(sql.balance).toBe(model.balance);
          expect(model.balance).toBeGreaterThanOrEqual(0);
          expect(model.received).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 15 },
    );
  });
});
