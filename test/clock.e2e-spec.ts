import { randomUUID } from 'node:crypto';
import { checkedReferral } from './intake-fixtures';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, login, loginAdmin, STAFF_PASSWORD, staffWith } from './support/http';

/**
 * "Today" is the America/Chicago calendar day, from one clock. The server here is started with
 * CLOCK_START at instants where Chicago's day and UTC's differ (23:30 Chicago is already
 * tomorrow in UTC) and across both DST changes, and each date rule is checked from both sides
 * of Chicago's midnight: the validators' "not in the future", receipts' year, refunds'
 * received-on, enrolled-on and the deadline, "overdue", aging buckets and "my sessions today".
 */

/** The instant at which Chicago's wall clock reads `date` `time`, whichever offset is in force. */
function chicago(date: string, time: string): string {
  for (const offset of ['-05:00', '-06:00']) {
    const instant = `${date}T${time}:00${offset}`;
    const wall = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/Chicago',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(instant));
    if (wall === `${date} ${time}`) return instant;
  }
  throw new Error(`${date} ${time} does not exist in Chicago`);
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('one clock: the Chicago day at 23:30 and 00:30, and across DST', () => {
  let db: TestDatabase;
  let app: AppInstance | undefined;
  let emails: Record<'intake' | 'supervisor' | 'facilitator' | 'finance', string>;
  let intake: ApiClient;
  let supervisor: ApiClient;
  let facilitator: ApiClient;
  let finance: ApiClient;

  /** Restarts the server with its clock at `instant`, and signs everyone in again. */
  async function at(instant: string): Promise<void> {
    await app?.stop();
    app = await startApp(db, { CLOCK_START: instant });
    [intake, supervisor, facilitator, finance] = await Promise.all(
      [emails.intake, emails.supervisor, emails.facilitator, emails.finance].map((email) =>
        login(app!, email, STAFF_PASSWORD),
      ),
    );
  }

  const card = async (client: ApiClient, key: string) => {
    const res = await client.get('/work-queue');
    expect(res.status).toBe(200);
    return res.body.cards.find((c: { key: string }) => c.key === key);
  };

  let enrollmentId: string;
  let deadline: string;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    const made = await Promise.all(
      ['INTAKE', 'SUPERVISOR', 'FACILITATOR', 'FINANCE'].map((r) => staffWith(app!, admin, [r])),
    );
    emails = {
      intake: made[0].email,
      supervisor: made[1].email,
      facilitator: made[2].email,
      finance: made[3].email,
    };
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('refuses a production server a moved clock', async () => {
    const refused = await startApp(db, {
      NODE_ENV: 'production',
      CLOCK_START: '2026-12-31T23:30:00-06:00',
    }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).toContain('CLOCK_START is for tests and training');
    // An instant without its offset would mean a different moment on every server.
    const unzoned = await startApp(db, { CLOCK_START: '2026-12-31T23:30:00' }).catch(
      (e: Error) => e,
    );
    expect(String(unzoned)).toContain('CLOCK_START must end with Z or an offset');
  });

  it('counts "my sessions today" by the Chicago day on both days of the spring DST change', async () => {
    // 2026-03-08: clocks go from 02:00 CST to 03:00 CDT, so the day has 23 hours.
    await at(chicago('2026-03-08', '00:30'));
    const session = async (startsAt: string, endsAt: string, topic: string) => {
      const res = await supervisor.post('/sessions', {
        programCode: 'OAR',
        startsAt,
        endsAt,
        location: 'Municipal Court, Room 4',
        capacity: 20,
        facilitatorId: facilitator.staffId,
        topic,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const late = await session(
      chicago('2026-03-08', '22:50'),
      chicago('2026-03-08', '23:50'),
      'Late class before midnight',
    );
    const early = await session(
      chicago('2026-03-09', '00:15'),
      chicago('2026-03-09', '01:15'),
      'Just after midnight',
    );

    const before = await card(facilitator, 'mySessionsToday');
    expect(before.list.query.on).toBe('2026-03-08');
    expect(before.count).toBe(1);

    // 23:30 CDT on the 8th is 04:30 UTC on the 9th: still the 8th here.
    await at(chicago('2026-03-08', '23:30'));
    const evening = await card(facilitator, 'mySessionsToday');
    expect(evening.list.query.on).toBe('2026-03-08');
    expect(evening.count).toBe(1);
    const listed = await facilitator.get(
      `/sessions?facilitatorId=${facilitator.staffId}&on=2026-03-08`,
    );
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([late]);

    await at(chicago('2026-03-09', '00:30'));
    const next = await card(facilitator, 'mySessionsToday');
    expect(next.list.query.on).toBe('2026-03-09');
    expect(next.count).toBe(1);
    const nextListed = await facilitator.get(
      `/sessions?facilitatorId=${facilitator.staffId}&on=2026-03-09`,
    );
    expect(nextListed.body.items.map((s: { id: string }) => s.id)).toEqual([early]);
  });

  it('keeps "today" on the Chicago day on the autumn DST change, whose day has 25 hours', async () => {
    // 2026-11-01: clocks go back from 02:00 CDT to 01:00 CST; 23:30 CST is 05:30 UTC on the 2nd.
    await at(chicago('2026-11-01', '23:30'));
    expect((await card(facilitator, 'mySessionsToday')).list.query.on).toBe('2026-11-01');
    expect((await card(finance, 'paymentsToday')).list.query.receivedOn).toBe('2026-11-01');
    await at(chicago('2026-11-02', '00:30'));
    expect((await card(facilitator, 'mySessionsToday')).list.query.on).toBe('2026-11-02');
  });

  it('enrolls on the Chicago day at 23:30 on New Year’s Eve and refuses tomorrow’s dates', async () => {
    // 23:30 CST on 31 December is 05:30 UTC on 1 January.
    await at(chicago('2026-12-31', '23:30'));
    const { referralId } = await checkedReferral(intake);
    const tooEarly = await intake.post('/enrollments', {
      referralId,
      programCode: 'OAR',
      agreementSignedOn: '2027-01-01',
    });
    expect(tooEarly.status).toBe(400);
    expect(JSON.stringify(tooEarly.body)).toContain('agreementSignedOn');

    const enrolled = await intake.post('/enrollments', {
      referralId,
      programCode: 'OAR',
      agreementSignedOn: '2026-12-31',
    });
    expect(enrolled.status).toBe(201);
    const programs = await intake.get('/programs');
    const oar = programs.body.find((p: { code: string }) => p.code === 'OAR');
    enrollmentId = enrolled.body.id;
    deadline = enrolled.body.deadline;
    expect(enrolled.body.enrolledOn).toBe('2026-12-31');
    expect(deadline).toBe(addDays('2026-12-31', oar.completionWindowDays));
    expect(enrolled.body.overdue).toBe(false);
  });

  it('gives a payment at 23:30 on 31 December the old year’s receipt, and at 00:30 the new year’s first', async () => {
    const pay = (receivedOn: string) =>
      finance
        .post(`/enrollments/${enrollmentId}/payments`, {
          amountCents: 1_000,
          method: 'CASH',
          receivedOn,
        })
        .set('Idempotency-Key', randomUUID());

    const tomorrow = await pay('2027-01-01');
    expect([tomorrow.status, tomorrow.body.code]).toEqual([422, 'RECEIVED_ON_OUT_OF_RANGE']);
    expect(JSON.stringify(tomorrow.body)).toContain('receivedOn');

    const lastOfYear = await pay('2026-12-31');
    expect(lastOfYear.status).toBe(201);
    expect(lastOfYear.body.receiptNumber).toMatch(/^R-2026-\d{6}$/);
    const refund = await finance
      .post(`/enrollments/${enrollmentId}/refunds`, {
        amountCents: 100,
        method: 'CASH',
        reason: 'Paid twice at the window',
      })
      .set('Idempotency-Key', randomUUID());
    expect(refund.status).toBe(201);
    expect(refund.body.receivedOn).toBe('2026-12-31');
    const paymentsToday = await card(finance, 'paymentsToday');
    expect(paymentsToday.list.query.receivedOn).toBe('2026-12-31');
    expect(paymentsToday.count).toBe(1);

    await at(chicago('2027-01-01', '00:30'));
    const first = await pay('2027-01-01');
    expect(first.status).toBe(201);
    expect(first.body.receiptNumber).toBe('R-2027-000001');
    expect((await card(finance, 'paymentsToday')).count).toBe(1);
  });

  it('moves a balance from 0-30 to 31-60 days at midnight in Chicago', async () => {
    const bucketOn = async () => {
      const res = await finance.get('/reports/balances');
      expect(res.status).toBe(200);
      const row = res.body.rows.find(
        (r: { enrollmentId: string }) => r.enrollmentId === enrollmentId,
      );
      return { asOf: res.body.asOf, ageDays: row.ageDays, bucket: row.bucket };
    };
    // Day 30 after enrolment ends at midnight Chicago, six hours after midnight UTC.
    await at(chicago('2027-01-30', '23:30'));
    expect(await bucketOn()).toEqual({ asOf: '2027-01-30', ageDays: 30, bucket: '0-30' });
    await at(chicago('2027-01-31', '00:30'));
    expect(await bucketOn()).toEqual({ asOf: '2027-01-31', ageDays: 31, bucket: '31-60' });
  });

  it('makes an enrolment overdue only once its deadline’s Chicago day is over', async () => {
    const overdueNow = async () => {
      const one = await intake.get(`/enrollments/${enrollmentId}`);
      expect(one.status).toBe(200);
      const listed = await intake.get('/enrollments?status=ACTIVE&overdue=true');
      const ids = listed.body.items.map((e: { id: string }) => e.id);
      expect(ids.includes(enrollmentId)).toBe(one.body.overdue);
      return one.body.overdue as boolean;
    };
    await at(chicago(deadline, '23:30'));
    expect(await overdueNow()).toBe(false);
    const pastDeadline = await card(supervisor, 'enrollmentsPastDeadline');
    expect(pastDeadline.count).toBe(0);

    await at(chicago(addDays(deadline, 1), '00:30'));
    expect(await overdueNow()).toBe(true);
    expect((await card(supervisor, 'enrollmentsPastDeadline')).count).toBe(1);
  });
});
