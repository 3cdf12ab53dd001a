import request from 'supertest';
import { UnsubscribeTokens } from '../src/reminders/unsubscribe-token';
import { ApiFactory } from './support/api-factory';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin } from './support/http';
import {
  chicagoAt,
  gatewaySignature,
  messagesOf,
  OFFICE_PHONE,
  phoneNumber,
  postWebhook,
  providerEnv,
  SENDER,
} from './support/reminders';

/**
 * Consent per channel (PRODUCT.md "Contact, consent and reminders"): recorded by staff with its
 * source, revoked by the participant's STOP reply or the email's one-click unsubscribe, given back
 * by START; HELP answered with the office's phone. Webhooks are signed; unsigned calls write
 * nothing.
 */
describe('contact consent', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let make: ApiFactory;
  let intake: ApiClient;
  let supervisor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db, providerEnv(undefined, undefined, { JOB_RUNNER_ENABLED: 'false' }));
    const admin = await loginAdmin(app);
    make = await ApiFactory.create(app, admin);
    intake = make.intake;
    supervisor = make.supervisors[0];
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const consentRows = (participantId: string) =>
    db.query(`SELECT * FROM contact_consents WHERE participant_id = $1`, [participantId]);

  /** An enrollment seated in a session 10 days ahead: reminders planned once consent exists. */
  async function seatedParticipant() {
    const e = await make.enroll();
    const startsAt = chicagoAt(10, '18:00');
    const session = await supervisor.post('/sessions', {
      programCode: e.programCode,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      location: '1201 Main St, Room 4',
      capacity: 10,
    });
    expect(session.status).toBe(201);
    const seat = await intake.post(`/sessions/${session.body.id}/seats`, {
      enrollmentId: e.enrollmentId,
    });
    expect(seat.status).toBe(201);
    return e;
  }

  it('refuses consent to a channel the participant cannot be reached on: 422 CONTACT_MISSING, nothing written', async () => {
    const e = await make.enroll();
    for (const channel of ['SMS', 'EMAIL']) {
      const res = await intake.post(`/participants/${e.participantId}/consents`, {
        channel,
        granted: true,
        source: 'VERBAL',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CONTACT_MISSING');
      expect(res.body.errors).toEqual([{ field: 'channel', message: expect.any(String) }]);
    }
    // A phone that does not read as a US number is no phone to text.
    await intake.patch(`/participants/${e.participantId}`, { phone: '+44 20 7946 0958' });
    const res = await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'SMS',
      granted: true,
      source: 'VERBAL',
    });
    expect(res.body.code).toBe('CONTACT_MISSING');
    expect(await consentRows(e.participantId)).toEqual([]);
    // Withdrawing needs no contact details.
    const withdrawn = await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'EMAIL',
      granted: false,
      source: 'WRITTEN_REQUEST',
    });
    expect(withdrawn.status).toBe(201);
  });

  it('records consent per channel with its source, date and who, and keeps the history newest first', async () => {
    const e = await make.enroll();
    const phone = phoneNumber();
    await intake.patch(`/participants/${e.participantId}`, {
      phone: phone.entered,
      email: 'pat@mail.example',
    });
    const sms = await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'SMS',
      granted: true,
      source: 'SIGNED_AGREEMENT',
    });
    expect(sms.status).toBe(201);
    expect(sms.body).toEqual({
      channel: 'SMS',
      granted: true,
      source: 'SIGNED_AGREEMENT',
      at: expect.any(String),
      recordedBy: intake.staffId,
    });
    await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'EMAIL',
      granted: true,
      source: 'VERBAL',
    });
    await supervisor.post(`/participants/${e.participantId}/consents`, {
      channel: 'EMAIL',
      granted: false,
      source: 'WRITTEN_REQUEST',
    });
    const view = await make.finance.get(`/participants/${e.participantId}/consents`);
    expect(view.status).toBe(200);
    expect(view.body.current).toEqual({
      SMS: { granted: true, source: 'SIGNED_AGREEMENT', at: sms.body.at },
      EMAIL: { granted: false, source: 'WRITTEN_REQUEST', at: expect.any(String) },
    });
    expect(
      view.body.history.map((h: { channel: string; granted: boolean; recordedBy: string }) => [
        h.channel,
        h.granted,
        h.recordedBy,
      ]),
    ).toEqual([
      ['EMAIL', false, supervisor.staffId],
      ['EMAIL', true, intake.staffId],
      ['SMS', true, intake.staffId],
    ]);
  });

  it('refuses the system’s sources from staff with 400 naming source, and unknown participants with 404', async () => {
    const e = await make.enroll();
    await intake.patch(`/participants/${e.participantId}`, { email: 'x@mail.example' });
    for (const source of ['PARTICIPANT_REPLY', 'UNSUBSCRIBE', 'CARRIER_OPT_OUT', 'EMAIL']) {
      const res = await intake.post(`/participants/${e.participantId}/consents`, {
        channel: 'EMAIL',
        granted: source !== 'UNSUBSCRIBE',
        source,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((x: { field: string }) => x.field)).toEqual(['source']);
    }
    expect(await consentRows(e.participantId)).toEqual([]);
    const missing = await intake.post(
      `/participants/00000000-0000-4000-8000-000000000000/consents`,
      { channel: 'EMAIL', granted: true, source: 'VERBAL' },
    );
    expect(missing.status).toBe(404);
    const view = await intake.get(`/participants/00000000-0000-4000-8000-000000000000/consents`);
    expect(view.status).toBe(404);
  });

  it('plans reminders only for channels with consent, and withdraws them when consent is withdrawn', async () => {
    const e = await seatedParticipant();
    expect(await messagesOf(intake, e.participantId)).toEqual([]);
    const phone = phoneNumber();
    await intake.patch(`/participants/${e.participantId}`, { phone: phone.entered });
    await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'SMS',
      granted: true,
      source: 'VERBAL',
    });
    const planned = await messagesOf(intake, e.participantId);
    expect(new Set(planned.map((m) => m.channel))).toEqual(new Set(['SMS']));
    expect(planned.filter((m) => m.kind.startsWith('SESSION_REMINDER')).length).toBe(2);
    await intake.post(`/participants/${e.participantId}/consents`, {
      channel: 'SMS',
      granted: false,
      source: 'VERBAL',
    });
    const after = await messagesOf(intake, e.participantId);
    expect(after.map((m) => [m.status, m.lastError])).toEqual(
      planned.map(() => ['WITHDRAWN', 'consent withdrawn']),
    );
  });

  describe('texts to the office number', () => {
    it('refuses a webhook with a missing or wrong signature: 403, nothing written', async () => {
      const e = await seatedParticipant();
      const phone = phoneNumber();
      await intake.patch(`/participants/${e.participantId}`, { phone: phone.entered });
      await intake.post(`/participants/${e.participantId}/consents`, {
        channel: 'SMS',
        granted: true,
        source: 'VERBAL',
      });
      const fields = { From: phone.e164, To: '+18165550199', Body: 'STOP', MessageSid: 'SM1' };
      const audits = async () =>
        (await db.one(`SELECT count(*)::int AS n FROM audit_events`)).n as number;
      const before = { consents: await consentRows(e.participantId), audits: await audits() };
      for (const signature of [null, '', 'bm90IGEgc2lnbmF0dXJl', 'x'.repeat(28)]) {
        const res = await postWebhook(app, '/webhooks/sms/inbound', fields, signature);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      // Signed for other fields (a body swapped in transit).
      const forOther = gatewaySignature('/webhooks/sms/inbound', { ...fields, Body: 'HELP' });
      expect((await postWebhook(app, '/webhooks/sms/inbound', fields, forOther)).status).toBe(403);
      const status = await postWebhook(
        app,
        '/webhooks/sms/status?messageId=00000000-0000-4000-8000-000000000000',
        { MessageSid: 'SM1', MessageStatus: 'delivered' },
        'bm90IGEgc2lnbmF0dXJl',
      );
      expect(status.status).toBe(403);
      expect({ consents: await consentRows(e.participantId), audits: await audits() }).toEqual(
        before,
      );
      expect((await messagesOf(intake, e.participantId)).every((m) => m.status === 'PLANNED')).toBe(
        true,
      );
    });

    it('revokes SMS consent on STOP in any case (planned texts withdrawn), gives it back on START, answers HELP', async () => {
      const e = await seatedParticipant();
      const phone = phoneNumber();
      await intake.patch(`/participants/${e.participantId}`, { phone: phone.entered });
      await intake.post(`/participants/${e.participantId}/consents`, {
        channel: 'SMS',
        granted: true,
        source: 'SIGNED_AGREEMENT',
      });
      const text = (Body: string) =>
        postWebhook(app, '/webhooks/sms/inbound', {
          From: phone.e164,
          To: '+18165550199',
          Body,
          MessageSid: `SM${Math.random().toString(16).slice(2)}`,
        });

      const help = await text('help');
      expect(help.status).toBe(200);
      expect(help.headers['content-type']).toMatch(/text\/xml/);
      expect(help.text).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${SENDER}: appointment reminders. Questions: ${OFFICE_PHONE}. Reply STOP to end texts.</Message></Response>`,
      );
      const chatter = await text('Stop it, I will be there');
      expect(chatter.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      expect(
        (await intake.get(`/participants/${e.participantId}/consents`)).body.current.SMS,
      ).toMatchObject({ granted: true });

      const stop = await text('  sToP ');
      expect(stop.status).toBe(200);
      expect(stop.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      let view = (await intake.get(`/participants/${e.participantId}/consents`)).body;
      expect(view.current.SMS).toMatchObject({ granted: false, source: 'PARTICIPANT_REPLY' });
      expect(view.history[0].recordedBy).toBeNull();
      const withdrawn = await messagesOf(intake, e.participantId);
      expect(withdrawn.length).toBeGreaterThan(0);
      expect(withdrawn.every((m) => m.status === 'WITHDRAWN')).toBe(true);

      const start = await text('START');
      expect(start.text).toContain('you will get reminder texts again');
      view = (await intake.get(`/participants/${e.participantId}/consents`)).body;
      expect(view.current.SMS).toMatchObject({ granted: true, source: 'PARTICIPANT_REPLY' });
      // What is still ahead is planned again.
      expect((await messagesOf(intake, e.participantId)).every((m) => m.status === 'PLANNED')).toBe(
        true,
      );

      for (const word of ['STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit', 'REVOKE', 'optout']) {
        await text('UNSTOP');
        await text(word);
        const current = (await intake.get(`/participants/${e.participantId}/consents`)).body.current
          .SMS;
        expect({ word, granted: current.granted }).toEqual({ word, granted: false });
      }
    });

    it('does not let START stand in for consent never given', async () => {
      const e = await make.enroll();
      const phone = phoneNumber();
      await intake.patch(`/participants/${e.participantId}`, { phone: phone.entered });
      await postWebhook(app, '/webhooks/sms/inbound', { From: phone.e164, Body: 'START' });
      expect(await consentRows(e.participantId)).toEqual([]);
    });
  });

  describe('one-click unsubscribe', () => {
    const tokens = () => new UnsubscribeTokens(`test-secret-${db.name}-0123456789abcdef0123456789`);

    it('shows a page with a button on GET and changes nothing; POST unsubscribes; a forged token is 400', async () => {
      const e = await make.enroll();
      await intake.patch(`/participants/${e.participantId}`, { email: 'u@mail.example' });
      await intake.post(`/participants/${e.participantId}/consents`, {
        channel: 'EMAIL',
        granted: true,
        source: 'VERBAL',
      });
      const token = tokens().sign(e.participantId, 'EMAIL');
      const page = await request(app.url).get(`/unsubscribe?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain(`<form method="post" action="/unsubscribe?token=${token}">`);
      expect(page.text).not.toMatch(/<script/);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect((await consentRows(e.participantId)).length).toBe(1);

      const forged = tokens().sign(e.participantId, 'SMS');
      const altered = `${forged.split('.')[0]}.${token.split('.')[1]}`;
      for (const bad of [altered, 'abc', '']) {
        const res = await request(app.url)
          .post(`/unsubscribe?token=${encodeURIComponent(bad)}`)
          .type('form')
          .send('List-Unsubscribe=One-Click');
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors[0].field).toBe('token');
      }
      expect((await request(app.url).get(`/unsubscribe?token=${altered}`)).status).toBe(400);
      expect((await consentRows(e.participantId)).length).toBe(1);

      const done = await request(app.url)
        .post(`/unsubscribe?token=${token}`)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      expect(done.status).toBe(200);
      expect(done.text).toContain('no more reminder emails');
      const view = (await intake.get(`/participants/${e.participantId}/consents`)).body;
      expect(view.current.EMAIL).toMatchObject({ granted: false, source: 'UNSUBSCRIBE' });
      // Again: already unsubscribed, nothing more written.
      await request(app.url)
        .post(`/unsubscribe?token=${token}`)
        .type('form')
        .send('List-Unsubscribe=One-Click');
      expect((await consentRows(e.participantId)).length).toBe(2);
    });
  });
});
