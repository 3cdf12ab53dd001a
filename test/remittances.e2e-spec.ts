import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { TestDatabase } from './support/app';
import { centsOf, readCsv } from './support/csv';
import { ApiClient } from './support/http';
import { chicagoDay, LedgerSql } from './support/ledger-sql';
import { MoneyWorld, startMoneyWorld, stopMoneyWorld } from './support/money-world';
import { pdfText } from './support/pdf';

describe('remittances to Veronica’s Voice', () => {
  let world: MoneyWorld;
  let db: TestDatabase;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let auditor: ApiClient;
  let intake: ApiClient;
  let make: ApiFactory;
  /** Refunds, waivers and reversals dated in the past, which the API cannot record. */
  let ledger: LedgerSql;
  let today: string;

  beforeAll(async () => {
    world = await startMoneyWorld();
    ({ db, finance, supervisor, auditor, intake, make, ledger, today } = world);
  });
  afterAll(() => stopMoneyWorld(world));

  /** Every movement not in a live batch, as an independent query. */
  const unremitted = () =>
    db.query<{ id: string }>(`
      SELECT e.id FROM ledger_entries e
        LEFT JOIN ledger_entries t ON t.id = e.reverses_entry_id
       WHERE (e.kind IN ('PAYMENT','REFUND') OR t.kind IN ('PAYMENT','REFUND'))
         AND NOT EXISTS (SELECT 1 FROM remittance_items i WHERE i.ledger_entry_id = e.id AND i.live)`);

  /** Takes everything waiting so a test starts from a clean slate. */
  async function drain(): Promise<void> {
    const res = await finance.post('/remittances', { periodEnd: today });
    expect([201, 422]).toContain(res.status);
    expect(await unremitted()).toHaveLength(0);
  }

  it('takes every movement dated on or before the period end, once, with signed amounts', async () => {
    const d10 = await chicagoDay(db, -10);
    const d5 = await chicagoDay(db, -5);
    // Enrolled before their payments were received (a payment never precedes its enrollment).
    const a = await make.enroll({ programCode: 'JOHNZ_SCHOOL', feeCents: 50_000, enrolledOn: d10 });
    const b = await make.enroll({ programCode: 'OAR', feeCents: 60_000, enrolledOn: d10 });
    const p1 = await make.payment(a.enrollmentId, 20_000, { receivedOn: d10, method: 'CASH' });
    const p2 = await make.payment(a.enrollmentId, 10_000, { receivedOn: d5, method: 'CHECK' });
    const p3 = await make.payment(b.enrollmentId, 30_000, { receivedOn: d10, method: 'CARD' });
    const bounced = await ledger.reversal(p2, { createdAt: `${d5}T12:00:00-05:00` });
    const refund = await ledger.refund(b.enrollmentId, 5_000, {
      createdAt: `${d10}T15:00:00-05:00`,
    });
    const refundUndone = await ledger.reversal(refund, { createdAt: `${d10}T16:00:00-05:00` });
    // Not money: a waiver and the reversal of a fee are never remitted.
    await make.waiver(a.enrollmentId, 1_000);
    const assessedInError = await make.enroll({ programCode: 'OAR' });
    await make.reversal(await make.feeOf(assessedInError.enrollmentId), {
      reason: 'Assessed in error',
    });
    // Dated after the period end: waits for a later batch.
    const late = await make.payment(b.enrollmentId, 7_000, { receivedOn: today });

    const periodEnd = await chicagoDay(db, -1);
    const created = await finance.post('/remittances', { periodEnd });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      beneficiary: "Veronica's Voice",
      periodEnd,
      status: 'DRAFT',
      itemCount: 6,
      totalCents: 20_000 + 10_000 + 30_000 - 10_000 - 5_000 + 5_000,
      negativeTotal: false,
    });
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();

    const detail = await auditor.get(`/remittances/${created.body.id}`);
    expect(detail.status).toBe(200);
    const byId = new Map<string, { amountCents: number; kind: string; receiptNumber?: string }>(
      detail.body.items.map((i: { ledgerEntryId: string }) => [i.ledgerEntryId, i]),
    );
    expect(byId.get(p1.id)).toMatchObject({
      kind: 'PAYMENT',
      amountCents: 20_000,
      receiptNumber: p1.receiptNumber,
      programCode: 'JOHNZ_SCHOOL',
      receivedOn: d10,
    });
    expect(byId.get(bounced.id)).toMatchObject({
      kind: 'REVERSAL',
      reversedKind: 'PAYMENT',
      amountCents: -10_000,
      receiptNumber: p2.receiptNumber,
      receivedOn: d5,
    });
    expect(byId.get(refund.id)).toMatchObject({ kind: 'REFUND', amountCents: -5_000 });
    expect(byId.get(refundUndone.id)).toMatchObject({
      kind: 'REVERSAL',
      reversedKind: 'REFUND',
      amountCents: 5_000,
    });
    expect(byId.get(p3.id)).toMatchObject({ programCode: 'OAR', amountCents: 30_000 });
    expect(byId.has(late.id)).toBe(false);
    const sum = detail.body.items.reduce(
      (s: number, i: { amountCents: number }) => s + i.amountCents,
      0,
    );
    expect(sum).toBe(detail.body.totalCents);

    // Nothing left on or before that day; the late payment is taken by the next batch.
    const again = await finance.post('/remittances', { periodEnd });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('NOTHING_TO_REMIT');
    const next = await finance.post('/remittances', { periodEnd: today });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ itemCount: 1, totalCents: 7_000 });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM remittance_batches`);
    expect(n).toBe(2);
    const audit = await db.query(`SELECT action, outcome FROM audit_events WHERE entity_id = $1`, [
      created.body.id,
    ]);
    expect(audit).toEqual([{ action: 'remittance.create', outcome: 'SUCCESS' }]);
  });

  it('allows a negative batch when refunds outweigh payments, and says so', async () => {
    await drain();
    // Refunded after the payment it pays back went out in an earlier batch.
    const e = await make.enroll();
    await make.payment(e.enrollmentId, 2_500, { receivedOn: today });
    await drain();
    await make.refund(e.enrollmentId, 2_500);
    const res = await finance.post('/remittances', { periodEnd: today });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ totalCents: -2_500, itemCount: 1, negativeTotal: true });
  });

  it('refuses bad input and the wrong roles without writing anything', async () => {
    await drain();
    const e = await make.enroll();
    await make.payment(e.enrollmentId, 1_000, { receivedOn: today });
    const before = await db.one(`SELECT count(*)::int AS n FROM remittance_batches`);
    for (const body of [{}, { periodEnd: '2026-02-30' }, { periodEnd: await chicagoDay(db, 2) }]) {
      const res = await finance.post('/remittances', body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((x: { field: string }) => x.field)).toContain('periodEnd');
    }
    const extra = await finance.post('/remittances', { periodEnd: today, totalCents: 1 });
    expect(extra.status).toBe(400);
    for (const who of [supervisor, auditor, intake]) {
      expect((await who.post('/remittances', { periodEnd: today })).status).toBe(403);
    }
    expect((await intake.get('/remittances')).status).toBe(403);
    expect((await finance.get('/remittances/not-a-uuid')).status).toBe(400);
    const missing = await finance.get('/remittances/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect(await db.one(`SELECT count(*)::int AS n FROM remittance_batches`)).toEqual(before);
  });

  it('voiding a DRAFT releases its movements for the next batch; SENT is final', async () => {
    await drain();
    const e = await make.enroll({ programCode: 'OAR' });
    const p = await make.payment(e.enrollmentId, 12_345, { receivedOn: today });
    const first = await finance.post('/remittances', { periodEnd: today });
    expect(first.status).toBe(201);

    expect((await auditor.post(`/remittances/${first.body.id}/void`, {})).status).toBe(403);
    const voided = await supervisor.post(`/remittances/${first.body.id}/void`, {
      reason: 'Wrong period',
    });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      status: 'VOIDED',
      voidReason: 'Wrong period',
      voidedBy: supervisor.staffId,
    });
    const again = await finance.post(`/remittances/${first.body.id}/void`, {});
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('BATCH_NOT_DRAFT');
    const sendVoided = await finance.post(`/remittances/${first.body.id}/send`, {
      transferReference: 'ACH-1',
      sentOn: today,
    });
    expect(sendVoided.body.code).toBe('BATCH_NOT_DRAFT');

    const second = await finance.post('/remittances', { periodEnd: today });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ itemCount: 1, totalCents: 12_345 });
    const items = (await finance.get(`/remittances/${second.body.id}`)).body.items;
    expect(items.map((i: { ledgerEntryId: string }) => i.ledgerEntryId)).toEqual([p.id]);

    expect(
      (
        await supervisor.post(`/remittances/${second.body.id}/send`, {
          transferReference: 'ACH-2',
          sentOn: today,
        })
      ).status,
    ).toBe(403);
    const badSend = await finance.post(`/remittances/${second.body.id}/send`, { sentOn: today });
    expect(badSend.status).toBe(400);
    const sent = await finance.post(`/remittances/${second.body.id}/send`, {
      transferReference: 'ACH-2026-0042',
      sentOn: today,
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      status: 'SENT',
      transferReference: 'ACH-2026-0042',
      sentOn: today,
      sentBy: finance.staffId,
    });
    for (const path of ['void', 'send']) {
      const res = await finance.post(`/remittances/${second.body.id}/${path}`, {
        ...(path === 'send' ? { transferReference: 'ACH-X', sentOn: today } : {}),
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('BATCH_NOT_DRAFT');
    }
    const after = await finance.get(`/remittances/${second.body.id}`);
    expect(after.body).toMatchObject({ status: 'SENT', transferReference: 'ACH-2026-0042' });
    expect(await finance.post('/remittances', { periodEnd: today })).toMatchObject({
      status: 422,
    });

    const list = await auditor.get('/remittances?status=SENT&limit=10');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, limit: 10 });
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(second.body.id);
    expect(list.body.items.every((b: { status: string }) => b.status === 'SENT')).toBe(true);
    const all = await supervisor.get('/remittances?limit=200');
    expect(all.body.total).toBe(
      (await db.one(`SELECT count(*)::int AS n FROM remittance_batches`)).n,
    );
  });

  it('the database itself keeps batches final and each movement in one live batch', async () => {
    await drain();
    const e = await make.enroll();
    const p = await make.payment(e.enrollmentId, 4_000, { receivedOn: today });
    const batch = (await finance.post('/remittances', { periodEnd: today })).body;
    await finance.post(`/remittances/${batch.id}/send`, {
      transferReference: 'T-1',
      sentOn: today,
    });
    const client = await db.pool.connect();
    const asApp = async (sql: string, params: unknown[] = []) => {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE diversion_app');
      try {
        await client.query(sql, params);
        return null;
      } catch (err) {
        return (err as { code?: string }).code;
      } finally {
        await client.query('ROLLBACK');
      }
    };
    try {
      expect(
        await asApp(
          `UPDATE remittance_batches SET status = 'VOIDED', voided_at = now(),
                      voided_by = created_by WHERE id = $1`,
          [batch.id],
        ),
      ).toBe('23514');
      expect(
        await asApp(`UPDATE remittance_items SET live = false WHERE batch_id = $1`, [batch.id]),
      ).toBe('23514');
      expect(await asApp(`DELETE FROM remittance_items WHERE batch_id = $1`, [batch.id])).toBe(
        '42501',
      );
      expect(await asApp(`DELETE FROM remittance_batches WHERE id = $1`, [batch.id])).toBe('42501');
      expect(
        await asApp(
          `WITH b AS (INSERT INTO remittance_batches (period_end, created_by)
                      SELECT current_date, created_by FROM remittance_batches WHERE id = $1 RETURNING id)
           INSERT INTO remittance_items (batch_id, ledger_entry_id, amount_cents)
           SELECT b.id, $2, 4000 FROM b`,
          [batch.id, p.id],
        ),
      ).toBe('23505');
    } finally {
      client.release();
    }
  });

  it('dates each item by its movement, whatever a statement says, and never redates it', async () => {
    await drain();
    const e = await make.enroll();
    const p = await make.payment(e.enrollmentId, 2_500, { receivedOn: today });
    const batch = (await finance.post('/remittances', { periodEnd: today })).body;
    const item = await db.one(
      `SELECT movement_on::text AS d FROM remittance_items WHERE batch_id = $1 AND ledger_entry_id = $2`,
      [batch.id, p.id],
    );
    expect(item.d).toBe(today);

    // As the owner, past the application, each in a transaction rolled back.
    const client = await db.pool.connect();
    const attempt = async (statements: [string, unknown[]][]) => {
      await client.query('BEGIN');
      try {
        let last: { rows: { d?: string }[] } = { rows: [] };
        for (const [sql, params] of statements) last = await client.query(sql, params);
        return { rows: last.rows, code: null };
      } catch (err) {
        return { rows: [], code: (err as { code?: string }).code };
      } finally {
        await client.query('ROLLBACK');
      }
    };
    try {
      // An insert naming another date gets the movement's.
      const forced = await attempt([
        [
          `UPDATE remittance_batches SET status = 'VOIDED', voided_at = now(), voided_by = created_by,
                  void_reason = 'test' WHERE id = $1`,
          [batch.id],
        ],
        [`UPDATE remittance_items SET live = false WHERE batch_id = $1`, [batch.id]],
        [
          `WITH b AS (INSERT INTO remittance_batches (period_end, created_by)
                      SELECT period_end, created_by FROM remittance_batches WHERE id = $1 RETURNING id)
           INSERT INTO remittance_items (batch_id, ledger_entry_id, amount_cents, movement_on)
           SELECT b.id, $2, 2500, DATE '2001-01-01' FROM b RETURNING movement_on::text AS d`,
          [batch.id, p.id],
        ],
      ]);
      expect(forced).toEqual({ rows: [{ d: today }], code: null });
      // Releasing an item of a voided batch is the one change allowed; redating it on the way is not.
      const redated = await attempt([
        [
          `UPDATE remittance_batches SET status = 'VOIDED', voided_at = now(), voided_by = created_by,
                  void_reason = 'test' WHERE id = $1`,
          [batch.id],
        ],
        [
          `UPDATE remittance_items SET live = false, movement_on = DATE '2001-01-01' WHERE batch_id = $1`,
          [batch.id],
        ],
      ]);
      expect(redated.code).toBe('23514');
    } finally {
      client.release();
    }
    const voided = await finance.post(`/remittances/${batch.id}/void`, {
      reason: 'Checking dates',
    });
    expect(voided.status).toBe(200);
    await drain();
  });

  it('statements list date, receipt, program, kind and amount, and no personal data', async () => {
    await drain();
    const people: EnrollmentFixture[] = [];
    for (const programCode of ['JOHNZ_SCHOOL', 'OAR', 'OAR'] as const) {
      people.push(await make.enroll({ programCode, lastName: `Zyxwhistle${people.length}` }));
    }
    const payments = [];
    for (const [i, p] of people.entries()) {
      payments.push(await make.payment(p.enrollmentId, 10_000 + i * 100, { receivedOn: today }));
    }
    await make.reversal(payments[2]);
    await make.refund(people[0].enrollmentId, 1_000);
    const batch = (await finance.post('/remittances', { periodEnd: today })).body;
    expect(batch.itemCount).toBe(5);

    const personal = await db.query<{
      first_name: string;
      last_name: string;
      dob: string;
      case_number: string;
    }>(
      `SELECT p.first_name, p.last_name, p.date_of_birth::text AS dob, r.case_number
         FROM participants p JOIN referrals r ON r.participant_id = p.id
        WHERE p.id = ANY($1)`,
      [people.map((p) => p.participantId)],
    );
    const secrets = personal.flatMap((p) => [
      p.first_name,
      p.last_name,
      p.dob,
      p.case_number,
      ...people.map((x) => x.participantId),
      ...people.map((x) => x.enrollmentId),
    ]);

    const csv = await auditor.get(`/remittances/${batch.id}/statement.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="remittance-${batch.id}.csv"`,
    );
    const text = csv.text;
    for (const s of secrets) expect(text).not.toContain(s);
    // The console's words and columns, codes beside them, dollars with two decimals; read back,
    // the items and totals are the batch's.
    const records = readCsv(text);
    expect(Object.keys(records[0])).toEqual([
      'Line',
      'Line code',
      'Batch',
      'Period end',
      'Date',
      'Receipt number',
      'Program',
      'Program code',
      'Kind',
      'Kind code',
      'Items',
      'Amount',
    ]);
    const detail = (await auditor.get(`/remittances/${batch.id}`)).body;
    const items = records.filter((r) => r['Line code'] === 'ITEM');
    expect(items).toHaveLength(5);
    const kindCode = (i: { kind: string; reversedKind?: string }) =>
      i.kind === 'REVERSAL' ? `REVERSAL_OF_${i.reversedKind}` : i.kind;
    const kindLabel: Record<string, string> = {
      PAYMENT: 'Payment',
      REFUND: 'Refund',
      REVERSAL_OF_PAYMENT: 'Reversal of a payment',
    };
    const programLabel: Record<string, string> = {
      JOHNZ_SCHOOL: 'Johnz School',
      OAR: 'The OAR Program',
    };
    expect(items).toEqual(
      detail.items.map(
        (i: {
          kind: string;
          reversedKind?: string;
          receiptNumber?: string;
          programCode: string;
          receivedOn: string;
          amountCents: number;
        }) => ({
          Line: 'Item',
          'Line code': 'ITEM',
          Batch: batch.id,
          'Period end': today,
          Date: i.receivedOn,
          'Receipt number': i.receiptNumber ?? '',
          Program: programLabel[i.programCode],
          'Program code': i.programCode,
          Kind: kindLabel[kindCode(i)],
          'Kind code': kindCode(i),
          Items: '',
          Amount: expect.stringMatching(/^-?\d+\.\d\d$/),
        }),
      ),
    );
    expect(items.map((r) => centsOf(r.Amount))).toEqual(
      detail.items.map((i: { amountCents: number }) => i.amountCents),
    );
    expect(items.map((r) => r['Receipt number'])).toEqual(
      expect.arrayContaining(payments.map((p) => p.receiptNumber)),
    );
    expect(items.every((r) => r.Date === today)).toBe(true);
    const total = records.find((r) => r['Line code'] === 'BATCH_TOTAL')!;
    expect(total).toMatchObject({ Line: 'Batch total', Items: '5', Amount: '191.00' });
    expect(centsOf(total.Amount)).toBe(batch.totalCents);
    expect(centsOf(total.Amount)).toBe(items.reduce((s, r) => s + centsOf(r.Amount), 0));
    const programTotals = Object.fromEntries(
      records
        .filter((r) => r['Line code'] === 'PROGRAM_TOTAL')
        .map((r) => [`${r.Program} ${r['Program code']}`, centsOf(r.Amount)]),
    );
    expect(programTotals).toEqual({
      'Johnz School JOHNZ_SCHOOL': 10_000 - 1_000,
      'The OAR Program OAR': 10_100 + 10_200 - 10_200,
    });
    const kindTotals = Object.fromEntries(
      records
        .filter((r) => r['Line code'] === 'KIND_TOTAL')
        .map((r) => [`${r.Kind} ${r['Kind code']}`, centsOf(r.Amount)]),
    );
    expect(kindTotals).toEqual({
      'Payment PAYMENT': 30_300,
      'Refund REFUND': -1_000,
      'Reversal of a payment REVERSAL_OF_PAYMENT': -10_200,
    });

    const pdf = await supervisor
      .get(`/remittances/${batch.id}/statement.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="remittance-${batch.id}.pdf"`,
    );
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text2 = (await pdfText(body)).text;
    expect(text2).toContain(batch.id);
    expect(text2).toContain("Veronica's Voice");
    for (const p of payments) expect(text2).toContain(p.receiptNumber!);
    expect(text2).toContain('Reversal of a payment');
    expect(text2).toContain('The OAR Program');
    expect(text2).toContain('Total: $191.00'); // 30,300 − 1,000 − 10,200 cents
    for (const s of secrets) expect(text2).not.toContain(s);

    expect((await intake.get(`/remittances/${batch.id}/statement.csv`)).status).toBe(403);
  });
});
