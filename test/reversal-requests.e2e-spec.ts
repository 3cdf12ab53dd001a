import { Client } from 'pg';
import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/**
 * One supervisor cannot write off a fee (issue 29, point 4): reversing a FEE or a WAIVER is a
 * request that a second SUPERVISOR — neither the requester nor the entry's author — approves,
 * like a waiver. Payment and refund reversals keep their rule (a SUPERVISOR, not the entry's
 * author, at once).
 */
describe('reversal requests for fees and waivers', () => {
  let db: TestDatabase;
  let apps: AppInstance[];
  let admin: ApiClient;
  let make: ApiFactory;
  let finance: ApiClient;
  let supervisor: ApiClient;
  let second: ApiClient;
  let third: ApiClient;
  let auditor: ApiClient;
  let intake: ApiClient;
  /** INTAKE and SUPERVISOR: enrolls (authoring the FEE) and could approve. */
  let intakeSupervisor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    const first = await startApp(db);
    apps = [first, await startApp(db)];
    admin = await loginAdmin(first);
    make = await ApiFactory.create(first, admin);
    [finance, supervisor, second, third, auditor, intake, intakeSupervisor] = await Promise.all([
      staffWith(first, admin, ['FINANCE']),
      staffWith(first, admin, ['SUPERVISOR']),
      staffWith(first, admin, ['SUPERVISOR']),
      staffWith(first, admin, ['SUPERVISOR']),
      staffWith(first, admin, ['AUDITOR']),
      staffWith(first, admin, ['INTAKE']),
      staffWith(first, admin, ['INTAKE', 'SUPERVISOR']),
    ]);
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
    await db?.close();
  });

  const ledgerOf = async (enrollmentId: string) => {
    const res = await finance.get(`/enrollments/${enrollmentId}/ledger`);
    expect(res.status).toBe(200);
    return res.body as {
      balanceCents: number;
      entries: { id: string; kind: string; createdBy: string; reversedByEntryId?: string }[];
    };
  };
  const feeOf = async (e: EnrollmentFixture) =>
    (await ledgerOf(e.enrollmentId)).entries.find((x) => x.kind === 'FEE')!;
  const request = (by: ApiClient, entryId: string, reason = 'Assessed in error') =>
    by.post(`/ledger-entries/${entryId}/reversal`, { reason });

  it('turns a supervisor reversing a FEE into a pending request: the balance stays', async () => {
    const e = await make.enroll({ feeCents: 40_000 });
    const fee = await feeOf(e);
    const res = await request(supervisor, fee.id);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'PENDING',
      entryId: fee.id,
      enrollmentId: e.enrollmentId,
      entryKind: 'FEE',
      amountCents: 40_000,
      reason: 'Assessed in error',
      requestedBy: supervisor.staffId,
      requestedAt: expect.any(String),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      ledgerEntryId: null,
    });
    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger.balanceCents).toBe(40_000);
    expect(ledger.entries.map((x) => x.kind)).toEqual(['FEE']);
    const event = await db.one(
      `SELECT action, entity_type, entity_id, status_code FROM audit_events
        WHERE actor_id = $1 AND outcome = 'SUCCESS' ORDER BY at DESC LIMIT 1`,
      [supervisor.staffId],
    );
    expect(event).toEqual({
      action: 'ledger.reversal.request',
      entity_type: 'reversal_request',
      entity_id: res.body.id,
      status_code: 202,
    });

    // One pending request per entry.
    const again = await request(finance, fee.id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'REVERSAL_ALREADY_REQUESTED',
      existingId: res.body.id,
    });
  });

  it('is approved by a second supervisor, never the requester nor the entry’s author', async () => {
    const e = await make.enroll({ feeCents: 30_000, by: intakeSupervisor });
    const fee = await feeOf(e);
    expect(fee.createdBy).toBe(intakeSupervisor.staffId);
    const requested = await request(finance, fee.id);
    expect(requested.status).toBe(202);
    const id = requested.body.id;

    for (const by of [finance, intake, auditor]) {
      expect((await by.post(`/reversal-requests/${id}/approve`, {})).status).toBe(403);
    }
    const byAuthor = await intakeSupervisor.post(`/reversal-requests/${id}/approve`, {});
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.code).toBe('SELF_APPROVAL');

    const approved = await supervisor.post(`/reversal-requests/${id}/approve`, {
      note: 'Referral withdrawn by the court',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id,
      status: 'APPROVED',
      decidedBy: supervisor.staffId,
      decisionNote: 'Referral withdrawn by the court',
      ledgerEntryId: expect.any(String),
    });
    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger.balanceCents).toBe(0);
    const reversal = ledger.entries.find((x) => x.id === approved.body.ledgerEntryId)!;
    expect(reversal).toMatchObject({
      kind: 'REVERSAL',
      reversesEntryId: fee.id,
      createdBy: supervisor.staffId,
      reason: 'Assessed in error',
    });

    for (const decide of ['approve', 'reject']) {
      const twice = await second.post(`/reversal-requests/${id}/${decide}`, {});
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'APPROVED' });
    }
    // Reversed once: a new request is refused.
    expect((await request(finance, fee.id)).body.code).toBe('ALREADY_REVERSED');
  });

  it('never lets the requester decide, and a rejected request leaves the ledger as it was', async () => {
    const e = await make.enroll({ feeCents: 25_000 });
    const fee = await feeOf(e);
    const requested = await request(supervisor, fee.id);
    const id = requested.body.id;
    for (const decide of ['approve', 'reject']) {
      const own = await supervisor.post(`/reversal-requests/${id}/${decide}`, {});
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('SELF_APPROVAL');
    }
    const rejected = await second.post(`/reversal-requests/${id}/reject`, {
      note: 'The fee is right',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      decidedBy: second.staffId,
      decisionNote: 'The fee is right',
      ledgerEntryId: null,
    });
    expect((await ledgerOf(e.enrollmentId)).entries.map((x) => x.kind)).toEqual(['FEE']);
    expect((await second.post(`/reversal-requests/${id}/approve`, {})).status).toBe(409);
    // Once decided, the entry may be asked about again.
    expect((await request(finance, fee.id)).status).toBe(202);
  });

  it('reverses a WAIVER only with a supervisor other than its approver and the requester', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const waiver = await make.waiver(e.enrollmentId, 5_000);
    expect(waiver.createdBy).toBe(make.supervisors[0].staffId);
    const requested = await request(make.supervisors[1], waiver.id, 'Approved in error');
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ entryKind: 'WAIVER', amountCents: 5_000 });
    const byApprover = await make.supervisors[0].post(
      `/reversal-requests/${requested.body.id}/approve`,
      {},
    );
    expect(byApprover.body.code).toBe('SELF_APPROVAL');
    const approved = await third.post(`/reversal-requests/${requested.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect((await ledgerOf(e.enrollmentId)).balanceCents).toBe(30_000);
  });

  it('refuses what could never be reversed at request time and again at approval', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const fee = await feeOf(e);
    await make.payment(e.enrollmentId, 20_000);
    const paidDown = await request(supervisor, fee.id);
    expect(paidDown.status).toBe(422);
    expect(paidDown.body.code).toBe('NOT_REVERSIBLE');

    // Requested while possible, approved after a payment made it impossible.
    const other = await make.enroll({ feeCents: 30_000 });
    const otherFee = await feeOf(other);
    const pending = await request(supervisor, otherFee.id);
    expect(pending.status).toBe(202);
    await make.payment(other.enrollmentId, 1_000);
    const late = await second.post(`/reversal-requests/${pending.body.id}/approve`, {});
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('NOT_REVERSIBLE');
    expect((await ledgerOf(other.enrollmentId)).entries.map((x) => x.kind)).toEqual([
      'FEE',
      'PAYMENT',
    ]);
  });

  it('keeps payment and refund reversals as they were: a SUPERVISOR at once, FINANCE never', async () => {
    const e = await make.enroll({ feeCents: 30_000 });
    const paid = await make.payment(e.enrollmentId, 10_000, { method: 'CHECK' });
    const byFinance = await request(finance, paid.id, 'Bounced');
    expect(byFinance.status).toBe(403);
    expect(byFinance.body.code).toBe('FORBIDDEN');
    const bounced = await request(supervisor, paid.id, 'Check returned unpaid (NSF)');
    expect(bounced.status).toBe(201);
    expect(bounced.body).toMatchObject({ kind: 'REVERSAL', reversesEntryId: paid.id });
    expect((await request(intake, paid.id)).status).toBe(403);
  });

  it('lists requests by status, paginated, to FINANCE, SUPERVISOR and AUDITOR', async () => {
    const pendingBefore = (await auditor.get('/reversal-requests?status=PENDING')).body.total;
    const e = await make.enroll({ feeCents: 10_000 });
    const made = await request(finance, (await feeOf(e)).id);
    for (const by of [finance, supervisor, auditor]) {
      const res = await by.get('/reversal-requests?status=PENDING&limit=1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: pendingBefore + 1, limit: 1, page: 1 });
      expect(res.body.items).toHaveLength(1);
    }
    const all = await supervisor.get('/reversal-requests?limit=200');
    expect(all.body.items.map((r: { id: string }) => r.id)).toContain(made.body.id);
    for (const by of [intake, make.intake]) {
      expect((await by.get('/reversal-requests')).status).toBe(403);
    }
    expect((await supervisor.get('/reversal-requests?status=WAITING')).status).toBe(400);

    // The supervisor's work queue counts exactly that list.
    const card = (await supervisor.get('/work-queue')).body.cards.find(
      (c: { key: string }) => c.key === 'reversalRequestsWaiting',
    );
    expect(card).toEqual({
      key: 'reversalRequestsWaiting',
      role: 'SUPERVISOR',
      count: pendingBefore + 1,
      list: { path: '/reversal-requests', query: { status: 'PENDING' } },
    });
  });

  it('decides a request once when two supervisors approve at the same time on two instances', async () => {
    const e = await make.enroll({ feeCents: 12_000 });
    const requested = await request(finance, (await feeOf(e)).id);
    const [a, b] = await Promise.all([
      supervisor.on(apps[0]).post(`/reversal-requests/${requested.body.id}/approve`, {}),
      second.on(apps[1]).post(`/reversal-requests/${requested.body.id}/approve`, {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const ledger = await ledgerOf(e.enrollmentId);
    expect(ledger.entries.map((x) => x.kind)).toEqual(['FEE', 'REVERSAL']);
  });

  it('lets the database refuse what the rules forbid, past the API', async () => {
    const e = await make.enroll({ feeCents: 20_000 });
    const fee = await feeOf(e);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const refused = (sql: string, params: unknown[]) =>
      client.query(sql, params).then(
        () => undefined,
        (x: { code: string; constraint?: string; message: string }) => x,
      );
    try {
      // A REVERSAL of a FEE without an approved request: one supervisor's write-off.
      const direct = await refused(
        `INSERT INTO ledger_entries (enrollment_id, kind, amount_cents, signed_amount_cents, reason,
            reverses_entry_id, created_by)
         VALUES ($1, 'REVERSAL', 20000, -20000, 'write-off', $2, $3)`,
        [e.enrollmentId, fee.id, supervisor.staffId],
      );
      expect(direct?.code).toBe('23514');
      expect(direct?.message).toMatch(/approved reversal request/);

      const insert = `INSERT INTO reversal_requests (entry_id, reason, requested_by, status,
          decided_by, decided_at) VALUES ($1, 'x', $2, $3, $4, $5) RETURNING id`;
      const first = await client.query(insert, [fee.id, finance.staffId, 'PENDING', null, null]);
      expect(first.rows).toHaveLength(1);
      const second = await refused(insert, [fee.id, supervisor.staffId, 'PENDING', null, null]);
      expect(second?.code).toBe('23505');
      expect(second?.constraint).toBe('reversal_requests_one_pending');
      // Decided fields agree with the status.
      for (const [status, by, at] of [
        ['PENDING', supervisor.staffId, new Date()],
        ['REJECTED', null, null],
        ['REJECTED', supervisor.staffId, null],
        ['REJECTED', finance.staffId, new Date()],
        ['REJECTED', make.intake.staffId, new Date()],
        ['APPROVED', supervisor.staffId, new Date()],
      ] as const) {
        const bad = await refused(insert, [fee.id, finance.staffId, status, by, at]);
        expect([status, by === null, bad?.code]).toEqual([status, by === null, '23514']);
      }
      // Only FEE and WAIVER entries are asked about.
      const paid = await make.payment(e.enrollmentId, 1_000);
      const ofPayment = await refused(insert, [paid.id, finance.staffId, 'PENDING', null, null]);
      expect(ofPayment?.code).toBe('23514');
      // A decision is final.
      await client.query(
        `UPDATE reversal_requests SET status = 'REJECTED', decided_by = $2, decided_at = now()
          WHERE id = $1`,
        [first.rows[0].id, supervisor.staffId],
      );
      const reopened = await refused(
        `UPDATE reversal_requests SET status = 'PENDING', decided_by = NULL, decided_at = NULL
          WHERE id = $1`,
        [first.rows[0].id],
      );
      expect(reopened?.code).toBe('23514');
    } finally {
      await client.end();
    }
  });
});
