import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { FakeSmsGateway } from './support/fake-sms-gateway';
import { loginAdmin } from './support/http';
import { isAlive, stopInstances } from './support/instances';
import { chicagoAt, contactable, providerEnv, waitFor } from './support/reminders';

/**
 * Never twice (PRODUCT.md "Delivery"): two instances send one session's cancellation notices
 * together; one is killed (SIGKILL) while the gateway holds its texts. Every message ends SENT or
 * FAILED, no number gets a text twice, and what the killed instance had claimed ends FAILED
 * "interrupted: may have been delivered" — sent again only when a supervisor says so.
 */
const PEOPLE = 32;
const FROM_A = '+18165550101';
const FROM_B = '+18165550102';

interface Row {
  id: string;
  status: string;
  last_error: string | null;
  phone: string;
}

describe('reminders on two instances, one killed mid-send', () => {
  let db: TestDatabase;
  let gateway: FakeSmsGateway;
  let a: AppInstance;
  let b: AppInstance;
  let a2: AppInstance | undefined;
  const env = (from: string) =>
    providerEnv(gateway, undefined, { CLOCK_START: chicagoAt(1, '10:00'), SMS_FROM: from });

  beforeAll(async () => {
    gateway = await FakeSmsGateway.start();
    db = await TestDatabase.create();
    a = await startApp(db, env(FROM_A));
    b = await startApp(db, env(FROM_B));
  });
  afterAll(async () => {
    await stopInstances([a, b, a2]);
    await db?.close();
    await gateway?.close();
  });

  const rows = () =>
    db.query<Row>(
      `SELECT m.id, m.status, m.last_error, us_phone_e164(p.phone) AS phone
         FROM messages m JOIN participants p ON p.id = m.participant_id
        WHERE m.kind = 'SESSION_CHANGED' ORDER BY m.id`,
    );

  it('sends each message at most once, leaves none behind, and fails the interrupted ones', async () => {
    const admin = await loginAdmin(a);
    const make = await ApiFactory.create(a, admin);
    const startsAt = chicagoAt(5, '18:00');
    const session = await make.supervisors[0].post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: PEOPLE,
    });
    expect(session.status).toBe(201);
    for (let i = 0; i < PEOPLE; i++) {
      const e = await make.enroll();
      await contactable(make.intake, e.participantId, ['SMS']);
      const seat = await make.intake.post(`/sessions/${session.body.id}/seats`, {
        enrollmentId: e.enrollmentId,
      });
      expect(seat.status).toBe(201);
    }

    // The gateway takes texts but answers none: both instances end up mid-send.
    gateway.hold();
    const cancelled = await make.supervisors[0]
      .on(b)
      .post(`/sessions/${session.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    await waitFor('texts in flight from both instances', async () => {
      const from = new Set(gateway.texts.map((t) => t.from));
      return from.has(FROM_A) && from.has(FROM_B) ? true : undefined;
    });

    await a.kill('SIGKILL');
    expect(isAlive(a)).toBe(false);
    gateway.release();
    const fromA = gateway.texts.filter((t) => t.from === FROM_A);
    expect(fromA.length).toBeGreaterThan(0);

    // A new instance takes A's place; its first run finds A's claims interrupted.
    a2 = await startApp(db, env(FROM_A));
    const final = await waitFor(
      'every message settled',
      async () => {
        const list = await rows();
        return list.length === PEOPLE &&
          list.every((r) => r.status === 'SENT' || r.status === 'FAILED')
          ? list
          : undefined;
      },
      90_000,
    );

    const perNumber = new Map<string, number>();
    for (const t of gateway.texts) perNumber.set(t.to, (perNumber.get(t.to) ?? 0) + 1);
    expect([...perNumber.values()].filter((n) => n > 1)).toEqual([]);

    const failed = final.filter((r) => r.status === 'FAILED');
    const sent = final.filter((r) => r.status === 'SENT');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.map((r) => r.last_error)).toEqual(
      failed.map(() => 'interrupted: may have been delivered'),
    );
    for (const r of sent) {
      const texts = gateway.textsTo(r.phone);
      expect({ phone: r.phone, count: texts.length, abandoned: texts[0]?.abandoned }).toEqual({
        phone: r.phone,
        count: 1,
        abandoned: false,
      });
    }
    // Every text the killed instance had in flight is one of the FAILED ones.
    const failedPhones = new Set(failed.map((r) => r.phone));
    expect(fromA.filter((t) => t.abandoned).every((t) => failedPhones.has(t.to))).toBe(true);

    // A supervisor sends one again: only then does that number get a second text.
    // Asked on the newest instance: each instance's clock starts at CLOCK_START when it starts, so
    // the newest reads earliest, and a message planned "now" by it is due on every instance.
    const supervisor = make.supervisors[0].on(a2);
    const again = await supervisor.post(`/messages/${failed[0].id}/retry`);
    expect(again.status).toBe(200);
    await waitFor('the message sent again', async () => {
      const [r] = (await rows()).filter((x) => x.id === failed[0].id);
      if (r.status !== 'SENT') throw new Error(`the message is ${r.status} (${r.last_error})`);
      return r;
    });
    expect(gateway.textsTo(failed[0].phone).length).toBeLessThanOrEqual(2);
    expect(gateway.textsTo(failed[0].phone).filter((t) => !t.abandoned).length).toBe(1);
  });
});
