import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import { pdfText } from './support/pdf';
import { ApiFactory } from './support/api-factory';

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());

describe('fee ledger: payments, receipts, refunds, waivers, reversals', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let intake: ApiClient;
  let auditor: ApiClient;
  let facilitator: ApiClient;
  let make: ApiFactory;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    [finance, supervisor, intake, auditor, facilitator] = await Promise.all([
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['AUDITOR']),
      staffWith(app, admin, ['FACILITATOR']),
    ]);
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    if (process.env.SHOW_APP_OUTPUT) console.log(app?.output());
    await app?.stop();
    await db?.close();
  });

  const pay = (enrollmentId: string, body: object, key: string | null = randomUUID()) => {
    const req = finance.post(`/enrollments/${enrollmentId}/payments`);
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const refund = (enrollmentId: string, body: object, key: string = randomUUID()) =>
    finance.post(`/enrollments/${enrollmentId}/refunds`).set('Idempotency-Key', key).send(body);
  const ledgerOf = async (enrollmentId: string) => {
    const res = await finance.get(`/enrollments/${enrollmentId}/ledger`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const entryCount = async (enrollmentId: string) =>
    (
      await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM ledger_entries WHERE enrollment_id = $1`,
        [enrollmentId],
      )
    ).n;

  const keyCount = async () =>
    (
      await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM idempotency_keys WHERE staff_id = $1`,
        [finance.staffId],
      )
    ).n;

  it('shows the assessed fee with balance and money received, to the roles that may see it', async () => {
    const e = await make.enroll({ feeCents: 50_000 });
    const res = await intake.get(`/enrollments/${e.enrollmentId}/ledger`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ balanceCents: 50_000, receivedCents: 0 });
    expect(res.body.entries).toEqual([
      expect.objectContaining({
        kind: 'FEE',
        amountCents: 50_000,
        signedAmountCents: 50_000,
        createdBy: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      }),
    ]);
    expect((await auditor.get(`/enrollments/${e.enrollmentId}/ledger`)).status).toBe(200);
    expect((await supervisor.get(`/enrollments/${e.enrollmentId}/ledger`)).status).toBe(200);
    expect((await facilitator.get(`/enrollments/${e.enrollmentId}/ledger`)).status).toBe(403);
    expect((await finance.get(`/enrollments/${randomUUID()}/ledger`)).status).toBe(404);
    expect((await finance.get(`/enrollments/not-a-uuid/ledger`)).status).toBe(400);
  });

  it('records a payment with the next receipt number of its year and lowers the balance', async () => {
    // Payments of 2024, recorded now by a head of finance (more than 30 days back needs a
    // SUPERVISOR), for an enrollment of that time.
    const e = await make.enroll({ feeCents: 50_000, enrolledOn: '2024-06-01' });
    const head = await staffWith(app, admin, ['FINANCE', 'SUPERVISOR']);
    const payAsHead = (enrollmentId: string, body: object) =>
      head
        .post(`/enrollments/${enrollmentId}/payments`)
        .set('Idempotency-Key', randomUUID())
        .send(body);
    const first = await payAsHead(e.enrollmentId, {
      amountCents: 15_000,
      method: 'CHECK',
      reference: ' 1042 ',
      receivedOn: '2024-06-03',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'PAYMENT',
      amountCents: 15_000,
      signedAmountCents: -15_000,
      method: 'CHECK',
      reference: '1042',
      receivedOn: '2024-06-03',
      receiptNumber: 'R-2024-000001',
      createdBy: head.staffId,
    });
    // A refused payment takes no number: the next one follows without a gap.
    const over = await payAsHead(e.enrollmentId, {
      amountCents: 35_001,
      method: 'CASH',
      receivedOn: '2024-06-04',
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('OVERPAYMENT');
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'amountCents' })]);
    const second = await payAsHead(e.enrollmentId, {
      amountCents: 35_000,
      method: 'CARD',
      receivedOn: '2024-06-05',
    });
    expect(second.status).toBe(201);
    expect(second.body.receiptNumber).toBe('R-2024-000002');
    const thisYear = await pay((await make.enroll()).enrollmentId, {
      amountCents: 100,
      method: 'CASH',
      receivedOn: today(),
    });
    expect(thisYear.body.receiptNumber).toBe(`R-${today().slice(0, 4)}-000001`);

    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger).toMatchObject({ balanceCents: 0, receivedCents: 50_000 });
    expect(ledger.entries.map((x: { kind: string }) => x.kind)).toEqual([
      'FEE',
      'PAYMENT',
      'PAYMENT',
    ]);
    expect(ledger.entries[1]).toEqual(first.body);
  });

  it('refuses a payment without a key, with bad fields, or on a closed enrollment — writing nothing', async () => {
    const e = await make.enroll({ feeCents: 20_000 });
    const good = { amountCents: 1_000, method: 'CASH', receivedOn: today() };
    const keysBefore = await keyCount();

    const noKey = await pay(e.enrollmentId, good, null);
    expect(noKey.status).toBe(422);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const longKey = await pay(e.enrollmentId, good, 'k'.repeat(201));
    expect(longKey.status).toBe(400);
    expect(longKey.body.errors[0].field).toBe('Idempotency-Key');

    const noReference = await pay(e.enrollmentId, { ...good, method: 'MONEY_ORDER' });
    expect(noReference.status).toBe(400);
    expect(new Set(noReference.body.errors.map((x: { field: string }) => x.field))).toEqual(
      new Set(['reference']),
    );
    const future = await pay(e.enrollmentId, { ...good, receivedOn: '2999-01-01' });
    expect([future.status, future.body.code]).toEqual([422, 'RECEIVED_ON_OUT_OF_RANGE']);
    expect(future.body.errors[0].field).toBe('receivedOn');
    const badDate = await pay(e.enrollmentId, { ...good, receivedOn: '2026-02-30' });
    expect(badDate.status).toBe(400);
    for (const amountCents of [0, -5, 12.5, '1000']) {
      const bad = await pay(e.enrollmentId, { ...good, amountCents });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('amountCents');
    }
    const badMethod = await pay(e.enrollmentId, { ...good, method: 'BITCOIN' });
    expect(badMethod.status).toBe(400);
    const unknownField = await pay(e.enrollmentId, { ...good, receiptNumber: 'R-2026-999999' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].field).toBe('receiptNumber');
    expect((await pay(randomUUID(), good)).status).toBe(404);
    const notFinance = await supervisor
      .post(`/enrollments/${e.enrollmentId}/payments`)
      .set('Idempotency-Key', randomUUID())
      .send(good);
    expect(notFinance.status).toBe(403);

    await db.query(
      `UPDATE enrollments SET status = 'WITHDRAWN', closed_on = current_date WHERE id = $1`,
      [e.enrollmentId],
    );
    const closed = await pay(e.enrollmentId, good);
    expect(closed.status).toBe(422);
    expect(closed.body.code).toBe('ENROLLMENT_NOT_ACTIVE');

    expect(await entryCount(e.enrollmentId)).toBe(1);
    expect(await keyCount()).toBe(keysBefore);
  });

  it('replays a repeated request and refuses a key reused for a different one', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const key = randomUUID();
    const body = { amountCents: 2_500, method: 'CASH', receivedOn: today() };
    const first = await pay(e.enrollmentId, body, key);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await pay(
      e.enrollmentId,
      { receivedOn: body.receivedOn, method: 'CASH', amountCents: 2_500 },
      key,
    );
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const different = await pay(e.enrollmentId, { ...body, amountCents: 2_501 }, key);
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys belong to the staff member: another one's identical key is a new request.
    const colleague = await staffWith(app, admin, ['FINANCE']);
    const theirs = await colleague
      .post(`/enrollments/${e.enrollmentId}/payments`)
      .set('Idempotency-Key', key)
      .send(body);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    expect((await ledgerOf(e.enrollmentId)).balanceCents).toBe(25_000);
    // A failed request stores nothing: the key may be used again once the cause is fixed.
    const failKey = randomUUID();
    const tooMuch = await pay(e.enrollmentId, { ...body, amountCents: 25_001 }, failKey);
    expect(tooMuch.body.code).toBe('OVERPAYMENT');
    const fixed = await pay(e.enrollmentId, { ...body, amountCents: 25_000 }, failKey);
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while another request holds the key', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const key = randomUUID();
    const body = { amountCents: 700, method: 'CASH', receivedOn: today() };
    // Another request with this key, still running: its uncommitted key row.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO idempotency_keys (staff_id, key, request_hash) VALUES ($1, $2, repeat('0', 64))`,
        [finance.staffId, key],
      );
      const busy = await pay(e.enrollmentId, body, key);
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    // The other request failed and left nothing: the key is free again.
    const after = await pay(e.enrollmentId, body, key);
    expect(after.status).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(await entryCount(e.enrollmentId)).toBe(2);
    const audit = await db.query(
      `SELECT action, entity_type, entity_id, outcome, error_code FROM audit_events
        WHERE actor_id = $1 AND action LIKE 'ledger.payment%' AND (entity_id = $2 OR error_code = 'IDEMPOTENCY_IN_PROGRESS')
        ORDER BY at`,
      [finance.staffId, after.body.id],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'FAILURE', error_code: 'IDEMPOTENCY_IN_PROGRESS' }),
        {
          action: 'ledger.payment.record',
          entity_type: 'ledger_entry',
          entity_id: after.body.id,
          outcome: 'SUCCESS',
          error_code: null,
        },
      ]),
    );
  });

  it('keeps keys 24 hours: an older key is a new request, and a periodic sweep deletes it', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const body = { amountCents: 100, method: 'CASH', receivedOn: today() };
    const [oldKey, youngKey, staleKey] = [randomUUID(), randomUUID(), randomUUID()];
    for (const key of [oldKey, youngKey, staleKey]) {
      expect((await pay(e.enrollmentId, body, key)).status).toBe(201);
    }
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ANY($1)`,
      [[oldKey, staleKey]],
    );
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE key = $1`,
      [youngKey],
    );
    const replay = await pay(e.enrollmentId, body, youngKey);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // Past 24 hours the key is free again: the same request is a new payment.
    const again = await pay(e.enrollmentId, body, oldKey);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await entryCount(e.enrollmentId)).toBe(5);
    // No request deletes keys; each instance sweeps expired ones shortly after it starts and then
    // every few minutes.
    expect(await db.query(`SELECT key FROM idempotency_keys WHERE key = $1`, [staleKey])).toEqual([
      { key: staleKey },
    ]);
    const sweeper = await startApp(db);
    try {
      const deadline = Date.now() + 20_000;
      let left: { key: string }[] = [];
      do {
        await new Promise((r) => setTimeout(r, 250));
        left = await db.query(`SELECT key FROM idempotency_keys WHERE key = ANY($1) ORDER BY key`, [
          [oldKey, youngKey, staleKey],
        ]);
      } while (left.some((r) => r.key === staleKey) && Date.now() < deadline);
      expect(left).toEqual(
        [{ key: oldKey }, { key: youngKey }].sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
    } finally {
      await sweeper.stop();
    }
  });

  it('prints a payment receipt a person can take to court, and only for payments', async () => {
    const e = await make.enroll({ feeCents: 40_000, programCode: 'OAR' });
    const paid = await pay(e.enrollmentId, {
      amountCents: 15_000,
      method: 'MONEY_ORDER',
      reference: 'MO-778812',
      receivedOn: today(),
    });
    expect(paid.status).toBe(201);
    const later = await pay(e.enrollmentId, {
      amountCents: 5_000,
      method: 'CASH',
      receivedOn: today(),
    });
    expect(later.status).toBe(201);
    const receipt = async (entryId: string) => {
      const res = await auditor
        .get(`/ledger-entries/${entryId}/receipt.pdf`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/pdf/);
      const { text, pages } = await pdfText(res.body as Buffer);
      expect(pages).toBe(1);
      return text.replace(/\s+/g, ' ');
    };
    const clerk = (await finance.get('/auth/me')).body.displayName as string;
    const [y, m, d] = today().split('-').map(Number);
    const written = `${new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, 15)),
    )} ${d}, ${y}`;

    const text = await receipt(paid.body.id);
    expect(text).toContain(paid.body.receiptNumber);
    expect(text).toContain('The OAR Program');
    expect(text).toContain(`${e.firstName} ${e.lastName}`);
    expect(text).toContain(`Case number ${e.caseNumber}`);
    expect(text).toContain('Amount paid $150.00');
    expect(text).toContain('Method Money order');
    expect(text).toContain('Reference MO-778812');
    // The balance after this payment, not the balance today (a later payment lowered it).
    expect(text).toContain('Balance after this payment $250.00');
    expect(text).toContain(`Received on ${written}`);
    expect(text).not.toContain(today());
    expect(text).toContain(`Recorded by ${clerk}`);
    expect(text).toContain("Veronica's Voice");

    const second = await receipt(later.body.id);
    expect(second).toContain(later.body.receiptNumber);
    expect(second).toContain('Amount paid $50.00');
    expect(second).toContain('Method Cash');
    expect(second).not.toContain('Reference');
    expect(second).toContain('Balance after this payment $200.00');

    const fee = (await ledgerOf(e.enrollmentId)).entries[0];
    const notPayment = await finance.get(`/ledger-entries/${fee.id}/receipt.pdf`);
    expect(notPayment.status).toBe(404);
    expect(notPayment.body.code).toBe('NOT_FOUND');
    expect((await finance.get(`/ledger-entries/${randomUUID()}/receipt.pdf`)).status).toBe(404);
    expect((await intake.get(`/ledger-entries/${paid.body.id}/receipt.pdf`)).status).toBe(403);
  });

  it('refunds never more than the money received, also after the case closed', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const none = await refund(e.enrollmentId, { amountCents: 1, method: 'CASH', reason: 'x' });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('REFUND_EXCEEDS_RECEIVED');
    await pay(e.enrollmentId, { amountCents: 10_000, method: 'CASH', receivedOn: today() });
    await db.query(
      `UPDATE enrollments SET status = 'WITHDRAWN', closed_on = current_date WHERE id = $1`,
      [e.enrollmentId],
    );
    const tooMuch = await refund(e.enrollmentId, {
      amountCents: 10_001,
      method: 'CHECK',
      reason: 'Withdrew',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_RECEIVED');
    expect(tooMuch.body.errors[0].field).toBe('amountCents');
    const ok = await refund(e.enrollmentId, {
      amountCents: 4_000,
      method: 'CHECK',
      reason: 'Withdrew',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      kind: 'REFUND',
      amountCents: 4_000,
      signedAmountCents: 4_000,
      reason: 'Withdrew',
      receivedOn: today(),
    });
    expect(ok.body.receiptNumber).toBeUndefined();
    expect(await ledgerOf(e.enrollmentId)).toMatchObject({
      balanceCents: 24_000,
      receivedCents: 6_000,
    });
    const noReason = await refund(e.enrollmentId, { amountCents: 1, method: 'CASH' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const noKey = await finance
      .post(`/enrollments/${e.enrollmentId}/refunds`)
      .send({ amountCents: 1, method: 'CASH', reason: 'x' });
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('writes a waiver only when another supervisor approves it, within the balance', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const requested = await intake.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 10_000,
      reason: 'ABILITY_TO_PAY',
      note: 'Income below 150% of the poverty line',
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'PENDING',
      amountCents: 10_000,
      requestedBy: intake.staffId,
      ledgerEntryId: null,
    });
    expect((await ledgerOf(e.enrollmentId)).balanceCents).toBe(30_000);

    const pending = await auditor.get('/waiver-requests?status=PENDING&limit=200');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((w: { id: string }) => w.id)).toContain(requested.body.id);
    expect((await intake.get('/waiver-requests')).status).toBe(403);
    expect((await finance.post(`/waiver-requests/${requested.body.id}/approve`, {})).status).toBe(
      403,
    );

    const approved = await supervisor.post(`/waiver-requests/${requested.body.id}/approve`, {
      note: 'Documents checked',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: requested.body.id,
      status: 'APPROVED',
      decidedBy: supervisor.staffId,
      decisionNote: 'Documents checked',
      ledgerEntryId: expect.any(String),
    });
    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger.balanceCents).toBe(20_000);
    expect(ledger.entries[1]).toMatchObject({
      id: approved.body.ledgerEntryId,
      kind: 'WAIVER',
      signedAmountCents: -10_000,
      reason: 'ABILITY_TO_PAY',
    });

    const twice = await supervisor.post(`/waiver-requests/${requested.body.id}/approve`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_TRANSITION');
    const rejectLater = await supervisor.post(`/waiver-requests/${requested.body.id}/reject`, {});
    expect(rejectLater.status).toBe(409);

    // Above the balance: refused when asked, saying the most that can be waived; nothing kept.
    const requestsBefore = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM waiver_requests WHERE enrollment_id = $1`,
      [e.enrollmentId],
    );
    const tooBig = await finance.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 20_001,
      reason: 'OTHER',
      note: 'Hardship',
    });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body).toMatchObject({
      code: 'WAIVER_EXCEEDS_BALANCE',
      maxCents: 20_000,
      errors: [{ field: 'amountCents', message: expect.stringContaining('20000') }],
    });
    expect(
      (
        await db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM waiver_requests WHERE enrollment_id = $1`,
          [e.enrollmentId],
        )
      ).n,
    ).toBe(requestsBefore.n);
    // The whole balance may be asked for.
    const whole = await intake.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 20_000,
      reason: 'OTHER',
      note: 'Hardship',
    });
    expect(whole.status).toBe(201);
    // A payment after the request lowers the balance: approval still refuses what is now too much.
    await pay(e.enrollmentId, { amountCents: 5_000, method: 'CASH', receivedOn: today() });
    const refused = await supervisor.post(`/waiver-requests/${whole.body.id}/approve`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'WAIVER_EXCEEDS_BALANCE', maxCents: 15_000 });
    const rejected = await supervisor.post(`/waiver-requests/${whole.body.id}/reject`, {
      note: 'Over the balance',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', ledgerEntryId: null });
    expect(await entryCount(e.enrollmentId)).toBe(3);

    const invalid = await finance.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 100,
      reason: 'BECAUSE',
    });
    expect(invalid.status).toBe(400);
    expect(new Set(invalid.body.errors.map((x: { field: string }) => x.field))).toEqual(
      new Set(['note', 'reason']),
    );
  });

  it('sends a waiver request once when it is sent again with its Idempotency-Key', async () => {
    // A request whose answer was lost (a dropped connection at the desk) is sent again as it was:
    // one pending request, and the same answer.
    const e = await make.enroll({ feeCents: 30_000 });
    const body = { amountCents: 5_000, reason: 'OTHER', note: 'Hardship letter on file' };
    const key = randomUUID();
    const send = () =>
      finance
        .post(`/enrollments/${e.enrollmentId}/waiver-requests`, body)
        .set('Idempotency-Key', key);
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const listed = await auditor.get('/waiver-requests?status=PENDING&limit=200');
    const mine = listed.body.items.filter(
      (w: { enrollmentId: string }) => w.enrollmentId === e.enrollmentId,
    );
    expect(mine).toHaveLength(1);
    // The same key for another request is refused; without a key, each request is its own.
    const reused = await finance
      .post(`/enrollments/${e.enrollmentId}/waiver-requests`, { ...body, amountCents: 6_000 })
      .set('Idempotency-Key', key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(
      (await finance.post(`/enrollments/${e.enrollmentId}/waiver-requests`, body)).status,
    ).toBe(201);
    // A key sent empty is a malformed key, named as such, and writes nothing.
    const empty = await finance
      .post(`/enrollments/${e.enrollmentId}/waiver-requests`, body)
      .set('Idempotency-Key', '');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be 1–200 printable ASCII characters' },
    ]);
    const after = await auditor.get('/waiver-requests?status=PENDING&limit=200');
    expect(
      after.body.items.filter((w: { enrollmentId: string }) => w.enrollmentId === e.enrollmentId),
    ).toHaveLength(2);
  });

  it('refuses a supervisor approving or rejecting their own waiver request', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const both = await staffWith(app, admin, ['FINANCE', 'SUPERVISOR']);
    const mine = await both.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 5_000,
      reason: 'OTHER',
      note: 'Asked by the participant',
    });
    expect(mine.status).toBe(201);
    const self = await both.post(`/waiver-requests/${mine.body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('SELF_APPROVAL');
    const selfReject = await both.post(`/waiver-requests/${mine.body.id}/reject`, {});
    expect(selfReject.body.code).toBe('SELF_APPROVAL');
    const row = await db.one(`SELECT status FROM waiver_requests WHERE id = $1`, [mine.body.id]);
    expect(row.status).toBe('PENDING');
    expect(await entryCount(e.enrollmentId)).toBe(1);
    // The database refuses it too, whatever the code does.
    await expect(
      db.query(
        `UPDATE waiver_requests SET status = 'REJECTED', decided_by = requested_by, decided_at = now() WHERE id = $1`,
        [mine.body.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('reverses an approved WAIVER on request, approved by a second supervisor, never by the one who approved it', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const requested = await finance.post(`/enrollments/${e.enrollmentId}/waiver-requests`, {
      amountCents: 5_000,
      reason: 'ABILITY_TO_PAY',
      note: 'Income below 150% of the poverty line',
    });
    expect(requested.status).toBe(201);
    const approved = await supervisor.post(`/waiver-requests/${requested.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    const waiverId = approved.body.ledgerEntryId as string;
    expect((await ledgerOf(e.enrollmentId)).balanceCents).toBe(25_000);

    // Reversing a WAIVER writes money off: one supervisor asks, another decides, never the
    // approver of the waiver (who recorded the entry) nor the one who asked.
    const asked = await supervisor.post(`/ledger-entries/${waiverId}/reversal`, {
      reason: 'Approved in error',
    });
    expect(asked.status).toBe(202);
    expect((await ledgerOf(e.enrollmentId)).balanceCents).toBe(25_000);
    const own = await supervisor.post(`/reversal-requests/${asked.body.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('SELF_APPROVAL');

    const second = await staffWith(app, admin, ['SUPERVISOR']);
    const decided = await second.post(`/reversal-requests/${asked.body.id}/approve`, {});
    expect(decided.status).toBe(200);
    const reversed = await finance.get(`/enrollments/${e.enrollmentId}/ledger`).then((r) => ({
      body: r.body.entries.find((x: { id: string }) => x.id === decided.body.ledgerEntryId),
    }));
    expect(reversed.body).toMatchObject({
      kind: 'REVERSAL',
      amountCents: 5_000,
      signedAmountCents: 5_000,
      reversesEntryId: waiverId,
      createdBy: second.staffId,
    });
    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger).toMatchObject({ balanceCents: 30_000, receivedCents: 0 });
    expect(ledger.entries.map((x: { kind: string }) => x.kind)).toEqual([
      'FEE',
      'WAIVER',
      'REVERSAL',
    ]);
    const waiver = ledger.entries.find((x: { id: string }) => x.id === waiverId);
    expect(waiver).toMatchObject({ kind: 'WAIVER', reversedByEntryId: reversed.body.id });
    const again = await second.post(`/ledger-entries/${waiverId}/reversal`, { reason: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_REVERSED');
  });

  it('reverses an entry exactly once, never a reversal, never below a zero balance', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const paid = await pay(e.enrollmentId, {
      amountCents: 12_000,
      method: 'CHECK',
      reference: '2211',
      receivedOn: today(),
    });
    const bounced = await supervisor.post(`/ledger-entries/${paid.body.id}/reversal`, {
      reason: 'Check returned unpaid (NSF)',
    });
    expect(bounced.status).toBe(201);
    expect(bounced.body).toMatchObject({
      kind: 'REVERSAL',
      amountCents: 12_000,
      signedAmountCents: 12_000,
      reversesEntryId: paid.body.id,
      reason: 'Check returned unpaid (NSF)',
    });
    let ledger = await ledgerOf(e.enrollmentId);
    expect(ledger).toMatchObject({ balanceCents: 30_000, receivedCents: 0 });
    expect(ledger.entries[1].reversedByEntryId).toBe(bounced.body.id);

    const twice = await supervisor.post(`/ledger-entries/${paid.body.id}/reversal`, {
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_REVERSED');
    const ofReversal = await supervisor.post(`/ledger-entries/${bounced.body.id}/reversal`, {
      reason: 'undo',
    });
    expect(ofReversal.status).toBe(422);
    expect(ofReversal.body.code).toBe('NOT_REVERSIBLE');

    await pay(e.enrollmentId, { amountCents: 20_000, method: 'CASH', receivedOn: today() });
    const fee = ledger.entries[0];
    const feeReversal = await supervisor.post(`/ledger-entries/${fee.id}/reversal`, {
      reason: 'Assessed in error',
    });
    expect(feeReversal.status).toBe(422);
    expect(feeReversal.body.code).toBe('NOT_REVERSIBLE');
    expect(feeReversal.body.detail).toMatch(/negative balance/);

    // FINANCE may ask for a FEE's reversal, refused here for the same reason.
    const asked = await finance.post(`/ledger-entries/${fee.id}/reversal`, { reason: 'x' });
    expect([asked.status, asked.body.code]).toEqual([422, 'NOT_REVERSIBLE']);
    // A payment's reversal stays a SUPERVISOR's.
    const byFinance = await finance.post(`/ledger-entries/${paid.body.id}/reversal`, {
      reason: 'x',
    });
    expect([byFinance.status, byFinance.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await supervisor.post(`/ledger-entries/${fee.id}/reversal`, {})).status).toBe(400);
    expect(
      (await supervisor.post(`/ledger-entries/${randomUUID()}/reversal`, { reason: 'x' })).status,
    ).toBe(404);
    ledger = await ledgerOf(e.enrollmentId);
    expect(ledger).toMatchObject({ balanceCents: 10_000, receivedCents: 20_000 });
    expect(ledger.entries).toHaveLength(4);
  });

  it('lets the database refuse any change to ledger rows, as the app role and as the owner', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('SET ROLE diversion_app');
      for (const sql of [
        `UPDATE ledger_entries SET amount_cents = 1, signed_amount_cents = 1 WHERE enrollment_id = '${e.enrollmentId}'`,
        `DELETE FROM ledger_entries WHERE enrollment_id = '${e.enrollmentId}'`,
        `TRUNCATE ledger_entries CASCADE`,
      ]) {
        await expect(client.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
      await client.query('RESET ROLE');
      await expect(
        client.query(`UPDATE ledger_entries SET note = 'x' WHERE enrollment_id = $1`, [
          e.enrollmentId,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(
        client.query(`DELETE FROM ledger_entries WHERE enrollment_id = $1`, [e.enrollmentId]),
      ).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only/);

      // A REVERSAL must negate exactly its target.
      const fee = await client.query(
        `SELECT id, created_by FROM ledger_entries WHERE enrollment_id = $1`,
        [e.enrollmentId],
      );
      await expect(
        client.query(
          `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, reason, reverses_entry_id, created_by)
           VALUES ($1, 'REVERSAL', 30000, 30000, 'wrong sign', $2, $3)`,
          [e.enrollmentId, fee.rows[0].id, fee.rows[0].created_by],
        ),
      ).rejects.toMatchObject({ code: '23514' });
      const other = await make.enroll({ feeCents: 30_000 });
      await expect(
        client.query(
          `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, reason, reverses_entry_id, created_by)
           VALUES ($1, 'REVERSAL', 30000, -30000, 'other enrollment', $2, $3)`,
          [other.enrollmentId, fee.rows[0].id, fee.rows[0].created_by],
        ),
      ).rejects.toMatchObject({ code: '23514' });
    } finally {
      await client.end();
    }
    expect(await entryCount(e.enrollmentId)).toBe(1);
  });

  it('migrates down and up again cleanly', async () => {
    const { LedgerOperations1764300300000: Migration } = require(
      join(process.env.TEST_BUILD_DIR!, 'migrations', '1764300300000-LedgerOperations.js'),
    );
    // A database of its own: the ledger of the other tests references waiver requests.
    const fresh = await TestDatabase.create();
    const client = new Client({ connectionString: fresh.url });
    await client.connect();
    const runner = { query: (sql: string) => client.query(sql) };
    const objects = async () =>
      (
        await client.query(
          `SELECT count(*)::int AS n FROM pg_class
            WHERE relname IN ('receipt_counters', 'idempotency_keys', 'waiver_requests',
                              'ledger_entries_one_per_waiver_request')`,
        )
      ).rows[0].n +
      (
        await client.query(
          `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'ledger_entries_check_reversal'`,
        )
      ).rows[0].n;
    try {
      await client.query('BEGIN');
      expect(await objects()).toBe(5);
      await new Migration().down(runner);
      expect(await objects()).toBe(0);
      await new Migration().up(runner);
      expect(await objects()).toBe(5);
    } finally {
      await client.query('ROLLBACK');
      await client.end();
      await fresh.close();
    }
  });
});
