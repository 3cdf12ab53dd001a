import request from 'supertest';
import { chicagoAppointmentText } from '../src/common/chicago-time';
import { ApiFactory, EnrollmentFixture } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { FakeSmsGateway } from './support/fake-sms-gateway';
import { ApiClient, loginAdmin } from './support/http';
import {
  chicagoAt,
  contactable,
  MessageView,
  messagesOf,
  OFFICE_PHONE,
  postWebhook,
  providerEnv,
  SENDER,
  waitFor,
} from './support/reminders';
import { SmtpCatcher } from './support/smtp-catcher';

/**
 * Sending (PRODUCT.md "Delivery", "Sending hours", "The program's clock decides") through the job
 * runner to a loopback SMS gateway and an in-process SMTP server: what goes out and what it says,
 * temporary failures retried and then FAILED, permanent ones never retried, a supervisor's "Send
 * again", and the sending hours at 19:59, 20:00 and 08:59 Chicago with the clock moved forward by
 * restarts.
 */
describe('sending reminders', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let gateway: FakeSmsGateway;
  let smtp: SmtpCatcher;
  let make: ApiFactory;
  let intake: ApiClient;
  let supervisor: ApiClient;
  const env = (clock: string) =>
    providerEnv(gateway, smtp, { CLOCK_START: clock, MESSAGE_RETRY_DELAYS: '1,1' });

  beforeAll(async () => {
    gateway = await FakeSmsGateway.start();
    smtp = await SmtpCatcher.start();
    db = await TestDatabase.create();
    app = await startApp(db, env(chicagoAt(1, '10:00')));
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    supervisor = make.supervisors[0];
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
    await gateway?.close();
    await smtp?.close();
  });

  async function restartAt(clock: string): Promise<void> {
    await app.stop();
    app = await startApp(db, env(clock));
    intake = intake.on(app);
    supervisor = supervisor.on(app);
  }

  async function seatedIn(startsAt: string, channels: ('SMS' | 'EMAIL')[] = ['SMS', 'EMAIL']) {
    const e = await make.enroll();
    const contact = await contactable(intake, e.participantId, channels);
    const session = await supervisor.post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: 20,
    });
    expect(session.status).toBe(201);
    const seat = await intake.post(`/sessions/${session.body.id}/seats`, {
      enrollmentId: e.enrollmentId,
    });
    expect(seat.status).toBe(201);
    return { e, ...contact, sessionId: session.body.id as string, startsAt };
  }

  const cancel = async (sessionId: string) =>
    expect((await supervisor.post(`/sessions/${sessionId}/cancel`, {})).status).toBe(200);

  /** Waits until the participant's messages of `kind` are all settled as `check` wants. */
  const settled = (
    e: EnrollmentFixture,
    kind: string,
    check: (list: MessageView[]) => boolean,
  ): Promise<MessageView[]> =>
    waitFor(`${kind} of ${e.participantId}`, async () => {
      const list = (await messagesOf(intake, e.participantId)).filter((m) => m.kind === kind);
      return list.length && check(list) ? list : undefined;
    });

  /** The job runner's start-up run is over (so what it would send, it has sent). */
  const startRunDone = () =>
    waitFor('the start-up run of the sender', async () => {
      const pending = await db.query(
        `SELECT 1 FROM graphile_worker._private_jobs WHERE key = 'start:send_due_messages'`,
      );
      return pending.length === 0 ? true : undefined;
    });

  it('sends a cancellation at once by text and email, in neutral words, the email with one-click unsubscribe', async () => {
    const s = await seatedIn(chicagoAt(6, '18:00'));
    await cancel(s.sessionId);
    const sent = await settled(s.e, 'SESSION_CHANGED', (l) => l.every((m) => m.status === 'SENT'));
    expect(sent.map((m) => [m.channel, m.attempts, m.lastError]).sort()).toEqual([
      ['EMAIL', 1, null],
      ['SMS', 1, null],
    ]);
    const when = chicagoAppointmentText(new Date(s.startsAt));
    expect(gateway.textsTo(s.phone).map((t) => t.body)).toEqual([
      `${SENDER}: Your appointment on ${when} is cancelled. We will contact you about a new date. Questions: ${OFFICE_PHONE}. Reply STOP to end texts.`,
    ]);
    const [email] = smtp.to(s.email);
    expect(email.subject).toBe('Your appointment is cancelled');
    expect(email.from).toContain(SENDER);
    expect(email.text).toContain(`Your appointment on ${when} is cancelled.`);
    const link = /^<(https:\/\/cases\.example\.org(\/unsubscribe\?token=[^>]+))>$/.exec(
      email.headers['list-unsubscribe'],
    );
    expect(link).not.toBeNull();
    expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(email.text).toContain(link![1]);

    // The mail client's one-click POST to the link unsubscribes.
    const clicked = await request(app.url)
      .post(link![2])
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(clicked.status).toBe(200);
    const consents = (await intake.get(`/participants/${s.e.participantId}/consents`)).body;
    expect(consents.current.EMAIL).toMatchObject({ granted: false, source: 'UNSUBSCRIBE' });

    // The gateway reports delivery to the message's status webhook.
    const text = gateway.textsTo(s.phone)[0];
    const callback = new URL(text.statusCallback!);
    expect(callback.origin).toBe('https://cases.example.org');
    const path = `${callback.pathname.replace('/api/v1', '')}${callback.search}`;
    const report = await postWebhook(app, path, {
      MessageSid: text.sid,
      MessageStatus: 'delivered',
      To: s.phone,
    });
    expect(report.status).toBe(204);
    const sms = (await messagesOf(intake, s.e.participantId)).find(
      (m) => m.kind === 'SESSION_CHANGED' && m.channel === 'SMS',
    )!;
    expect(sms.status).toBe('DELIVERED');
  });

  it('retries a temporary failure with backoff, FAILED after the last attempt; a supervisor sends it again', async () => {
    const s = await seatedIn(chicagoAt(6, '18:00'), ['SMS']);
    gateway.fail(s.phone, 503);
    await cancel(s.sessionId);
    const [failed] = await settled(s.e, 'SESSION_CHANGED', (l) => l[0].status === 'FAILED');
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/^sms: HTTP 503 .*\(3 attempts\)$/);
    expect(gateway.textsTo(s.phone)).toHaveLength(3);

    const list = await supervisor.get('/messages?status=FAILED');
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: MessageView) => m.id)).toContain(failed.id);
    expect(list.body.counts.FAILED).toBe(list.body.total);
    expect(list.body.counts.SENT).toBeGreaterThan(0);
    expect(list.body.providers).toEqual({ EMAIL: true, SMS: true });

    gateway.fail(s.phone, undefined);
    const again = await supervisor.post(`/messages/${failed.id}/retry`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: failed.id, status: 'PLANNED', attempts: 0 });
    await settled(s.e, 'SESSION_CHANGED', (l) => l[0].status === 'SENT');
    expect(gateway.textsTo(s.phone)).toHaveLength(4);
    const twice = await supervisor.post(`/messages/${failed.id}/retry`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'SENT' });
    expect((await intake.post(`/messages/${failed.id}/retry`)).status).toBe(403);
  });

  it('never retries a number that opted out (21610), and records the revocation', async () => {
    const s = await seatedIn(chicagoAt(6, '18:00'), ['SMS']);
    gateway.fail(s.phone, 21610);
    await cancel(s.sessionId);
    const [failed] = await settled(s.e, 'SESSION_CHANGED', (l) => l[0].status === 'FAILED');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('opted out');
    expect(gateway.textsTo(s.phone)).toHaveLength(1);
    const consents = (await intake.get(`/participants/${s.e.participantId}/consents`)).body;
    expect(consents.current.SMS).toMatchObject({ granted: false, source: 'CARRIER_OPT_OUT' });
    // Its other planned texts are withdrawn with it.
    const rest = (await messagesOf(intake, s.e.participantId)).filter(
      (m) => m.kind !== 'SESSION_CHANGED',
    );
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((m) => m.status === 'WITHDRAWN')).toBe(true);
  });

  it('fails an email the server refuses for good (550) at once, and retries one it refuses for now (451)', async () => {
    const refused = await seatedIn(chicagoAt(6, '18:00'), ['EMAIL']);
    const later = await seatedIn(chicagoAt(6, '19:00'), ['EMAIL']);
    smtp.refuse(refused.email, 550);
    smtp.refuse(later.email, 451);
    await cancel(refused.sessionId);
    await cancel(later.sessionId);
    const [permanent] = await settled(
      refused.e,
      'SESSION_CHANGED',
      (l) => l[0].status === 'FAILED',
    );
    expect(permanent.attempts).toBe(1);
    expect(permanent.lastError).toMatch(/^email: SMTP 550/);
    const [temporary] = await settled(later.e, 'SESSION_CHANGED', (l) => l[0].status === 'FAILED');
    expect(temporary.attempts).toBe(3);
    expect(temporary.lastError).toMatch(/^email: SMTP 451 .*\(3 attempts\)$/);
  });

  it('sends nothing outside 09:00-20:00 Chicago: at 19:59 at once, at 20:00 and 08:59 at the next 09:00; a started session’s message is dropped', async () => {
    // Prepared at 10:00 on day 1; each later clock is a restart, as after a deploy.
    const at1959 = await seatedIn(chicagoAt(3, '18:00'), ['SMS']);
    const at2000 = await seatedIn(chicagoAt(3, '18:00'), ['SMS']);
    const started = await seatedIn(chicagoAt(3, '08:30'), ['SMS']);

    await restartAt(chicagoAt(2, '19:59'));
    await cancel(at1959.sessionId);
    await settled(at1959.e, 'SESSION_CHANGED', (l) => l[0].status === 'SENT');

    await restartAt(chicagoAt(2, '20:00'));
    await cancel(at2000.sessionId);
    await cancel(started.sessionId);
    await startRunDone();
    for (const s of [at2000, started]) {
      const [m] = (await messagesOf(intake, s.e.participantId)).filter(
        (x) => x.kind === 'SESSION_CHANGED',
      );
      expect({ status: m.status, dueAt: m.dueAt, attempts: m.attempts }).toEqual({
        status: 'PLANNED',
        dueAt: chicagoAt(3, '09:00'),
        attempts: 0,
      });
    }

    await restartAt(chicagoAt(3, '08:59'));
    await startRunDone();
    const waiting = (await messagesOf(intake, at2000.e.participantId)).find(
      (x) => x.kind === 'SESSION_CHANGED',
    )!;
    expect(waiting.status).toBe('PLANNED');
    expect(gateway.textsTo(at2000.phone).filter((t) => t.body.includes('cancelled'))).toEqual([]);

    // The clock moved forward by a restart: what is due by then goes, what is moot is dropped.
    await restartAt(chicagoAt(3, '09:00'));
    const [sent] = await settled(at2000.e, 'SESSION_CHANGED', (l) => l[0].status === 'SENT');
    expect(Date.parse(sent.sentAt!)).toBeGreaterThanOrEqual(Date.parse(chicagoAt(3, '09:00')));
    const [dropped] = await settled(
      started.e,
      'SESSION_CHANGED',
      (l) => l[0].status === 'NOT_SENT',
    );
    expect(dropped.lastError).toBe('the session had started');
    expect(gateway.textsTo(started.phone).filter((t) => t.body.includes('cancelled'))).toEqual([]);
  });
});

describe('sending with no provider configured', () => {
  let db: TestDatabase;
  let app: AppInstance;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db, { JOB_RUNNER_ENABLED: 'true', CLOCK_START: chicagoAt(1, '10:00') });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it('plans messages and ends them NOT_SENT, "no provider configured"; nothing fails', async () => {
    const admin = await loginAdmin(app);
    const make = await ApiFactory.create(app, admin);
    const e = await make.enroll();
    await contactable(make.intake, e.participantId);
    const startsAt = chicagoAt(5, '18:00');
    const session = await make.supervisors[0].post('/sessions', {
      programCode: 'JOHNZ_SCHOOL',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: 5,
    });
    await make.intake.post(`/sessions/${session.body.id}/seats`, { enrollmentId: e.enrollmentId });
    await make.supervisors[0].post(`/sessions/${session.body.id}/cancel`, {});
    const list = await waitFor('NOT_SENT', async () => {
      const l = (await messagesOf(make.intake, e.participantId)).filter(
        (m) => m.kind === 'SESSION_CHANGED',
      );
      return l.length === 2 && l.every((m) => m.status === 'NOT_SENT') ? l : undefined;
    });
    expect(list.map((m) => m.lastError)).toEqual([
      'no provider configured',
      'no provider configured',
    ]);
    const page = await make.supervisors[0].get('/messages');
    expect(page.body.providers).toEqual({ EMAIL: false, SMS: false });
    expect(page.body.counts.FAILED).toBe(0);
  });
});
