import type { Pool } from 'pg';
import { Api, staffWith } from '../scripts/lib/api';
import { FakeSmsGateway, GATEWAY_SID, GATEWAY_TOKEN } from '../scripts/lib/fake-sms-gateway';
import { percentile } from '../scripts/lib/scratch-db';
import { Server, startServer } from '../scripts/lib/servers';
import { SmtpCatcher } from '../scripts/lib/smtp-catcher';
import { bulkEnrollments } from './fixtures';
import type { LoadConfig, LoadResult } from './load-http';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface RemindersPhaseInput {
  pool: Pool;
  /** The bench server's environment (its own login, secrets, pool size). */
  env: Record<string, string>;
  admin: Api;
  /** Enrollments with large fees to pay against while messages go out. */
  payIds: string[];
  financeToken: string;
  today: string;
  messages: number;
  paySeconds: number;
  log: (line: string) => void;
  child: <T>(script: string, config: object) => Promise<T>;
}

/**
 * Reminders (issue 28): planning a 40-seat session's reminders on the request path (each seat plans
 * 7-day and 1-day reminders on two channels: seat latency with consent vs without), a cancellation
 * that tells 40 people at once, and sending `messages` due messages through the job runner to the
 * loopback SMS gateway and an SMTP server in this process — messages per second, and the payments'
 * p99 while they go out against the same server idle.
 */
export async function remindersPhase(o: RemindersPhaseInput) {
  const gateway = await FakeSmsGateway.start();
  const smtp = await SmtpCatcher.start({ countOnly: true });
  let server: Server | undefined;
  try {
    server = await startServer({
      ...o.env,
      JOB_RUNNER_ENABLED: 'true',
      SENDING_HOURS: '00:00-24:00',
      PUBLIC_BASE_URL: 'https://bench.example',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'reminders@bench.example',
      SMS_GATEWAY_URL: gateway.url,
      SMS_ACCOUNT_SID: GATEWAY_SID,
      SMS_AUTH_TOKEN: GATEWAY_TOKEN,
      SMS_FROM: '+18165550199',
      OFFICE_PHONE: '(816) 555-0100',
    });
    const staff = await staffWith(
      o.admin.on(server.api),
      `reminders-${Date.now()}@bench.example`,
      ['INTAKE', 'SUPERVISOR'],
      'bench-staff-password-1',
    );

    // Planning: 40 seats with consent to both channels, 40 without.
    const seatLatency = async (withConsent: boolean) => {
      const ids = await bulkEnrollments(o.pool, {
        n: 40,
        tag: `rs${withConsent ? 'c' : 'n'}${Date.now() % 100000}`,
        programCode: 'JOHNZ_SCHOOL',
        feeCents: 50_000,
        staffId: staff.staffId,
      });
      if (withConsent) await contactable(o.pool, ids, staff.staffId, 8_000_000);
      const startsAt = new Date(Date.now() + 14 * 86_400_000);
      const session = await staff.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        location: '1201 Main St, Room 4',
        capacity: 40,
      });
      if (session.status !== 201) throw new Error(`POST /sessions: ${session.status}`);
      const ms: number[] = [];
      for (const id of ids) {
        const res = await staff.post(`/sessions/${session.body.id}/seats`, { enrollmentId: id });
        if (res.status !== 201) throw new Error(`POST seats: ${res.status}`);
        ms.push(res.ms);
      }
      return {
        sessionId: session.body.id as string,
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
      };
    };
    o.log('Reminders: seating 40 without consent, then 40 with consent to texts and email…');
    const without = await seatLatency(false);
    const withConsent = await seatLatency(true);
    const planned = await o.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE session_id = $1`,
      [withConsent.sessionId],
    );

    // 10,000 due messages: 4 per enrollment (payment and deadline reminders, text and email).
    const perEnrollment = 4;
    const n = Math.ceil(o.messages / perEnrollment);
    o.log(`Reminders: ${o.messages.toLocaleString('en-US')} messages due now…`);
    const ids = await bulkEnrollments(o.pool, {
      n,
      tag: `rm${Date.now() % 100000}`,
      programCode: 'OAR',
      feeCents: 60_000,
      staffId: staff.staffId,
    });
    await contactable(o.pool, ids, staff.staffId, 2_000_000);
    await o.pool.query(
      `INSERT INTO messages (participant_id, enrollment_id, cause, kind, channel, due_at, next_attempt_at)
       SELECT e.participant_id, e.id, k.kind || ':' || e.id, k.kind, c.channel,
              now() - interval '1 minute', now() - interval '1 minute'
         FROM enrollments e
        CROSS JOIN (VALUES ('PAYMENT_REMINDER'), ('DEADLINE_REMINDER')) AS k(kind)
        CROSS JOIN (VALUES ('SMS'), ('EMAIL')) AS c(channel)
        WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );

    const payLoad = (seconds: number, prefix: string): LoadConfig => ({
      url: server!.url,
      token: o.financeToken,
      connections: 16,
      durationSeconds: seconds,
      method: 'POST',
      paths: o.payIds.map((id) => `/api/v1/enrollments/${id}/payments`),
      bodies: [{ amountCents: 100, method: 'CARD', receivedOn: o.today }],
      idempotencyPrefix: prefix,
    });
    await o.child<LoadResult>('load-http.js', payLoad(3, `rem-warm-${Date.now()}`));
    o.log(`Reminders: payments for ${o.paySeconds} s with nothing to send…`);
    const idle = await o.child<LoadResult>(
      'load-http.js',
      payLoad(o.paySeconds, `rem-idle-${Date.now()}`),
    );

    o.log('Reminders: sending, with the same payment load for its first seconds…');
    const started = performance.now();
    await o.pool.query(`SELECT graphile_worker.add_job('send_due_messages')`);
    const busyLoad = o.child<LoadResult>(
      'load-http.js',
      payLoad(o.paySeconds, `rem-busy-${Date.now()}`),
    );
    const idsText = ids;
    let sentAt = 0;
    for (;;) {
      const { rows } = await o.pool.query<{ open: number; sent: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('PLANNED','SENDING'))::int AS open,
                count(*) FILTER (WHERE status = 'SENT')::int AS sent
           FROM messages WHERE enrollment_id = ANY($1::uuid[])`,
        [idsText],
      );
      if (rows[0].open === 0) {
        sentAt = performance.now();
        break;
      }
      if (performance.now() - started > 15 * 60_000)
        throw new Error('sending took over 15 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const busy = await busyLoad;
    const seconds = (sentAt - started) / 1000;
    const outcome = await o.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM messages WHERE enrollment_id = ANY($1::uuid[]) GROUP BY status`,
      [ids],
    );
    const statuses = Object.fromEntries(outcome.rows.map((r) => [r.status, r.n]));
    const textsTwice = o.messages / 2 - new Set(gateway.texts.map((t) => t.to + t.body)).size;
    const result = {
      planning: {
        seatsPerSession: 40,
        messagesPlannedFor40Seats: planned.rows[0].n,
        seatMsWithoutConsent: { p50: round(without.p50), p99: round(without.p99) },
        seatMsWithConsent: { p50: round(withConsent.p50), p99: round(withConsent.p99) },
        seatP50WithOverWithout: round(withConsent.p50 / without.p50, 2),
      },
      sending: {
        messages: o.messages,
        seconds: round(seconds, 2),
        messagesPerSecond: round(o.messages / seconds),
        statuses,
        textsReceived: gateway.texts.length,
        emailsReceived: smtp.accepted,
        textsSentTwice: textsTwice,
      },
      paymentsWhileSending: {
        idle: {
          perSecond: round(idle.requestsPerSecond),
          p50: round(idle.latencyMs.p50),
          p99: round(idle.latencyMs.p99),
        },
        sending: {
          perSecond: round(busy.requestsPerSecond),
          p50: round(busy.latencyMs.p50),
          p99: round(busy.latencyMs.p99),
        },
        p99SendingOverIdle: round(busy.latencyMs.p99 / idle.latencyMs.p99, 2),
      },
    };
    o.log(
      `  seat p50 ${result.planning.seatMsWithConsent.p50} ms with consent vs ${result.planning.seatMsWithoutConsent.p50} ms without; ` +
        `${o.messages} messages in ${result.sending.seconds} s = ${result.sending.messagesPerSecond}/s; ` +
        `payment p99 ${result.paymentsWhileSending.sending.p99} ms while sending vs ${result.paymentsWhileSending.idle.p99} ms idle`,
    );
    return result;
  } finally {
    await server?.stop().catch(() => undefined);
    await gateway.close();
    await smtp.close();
  }
}

/** Phones, emails and consent to both channels for the enrollments' participants (as the owner). */
async function contactable(pool: Pool, enrollmentIds: string[], staffId: string, base: number) {
  await pool.query(
    `UPDATE participants p SET phone = '816' || (${base} + x.g)::text, email = 'bench' || x.g || '-' || ${base} || '@mail.example'
       FROM (SELECT e.participant_id, row_number() OVER (ORDER BY e.id) AS g
               FROM enrollments e WHERE e.id = ANY($1::uuid[])) x
      WHERE p.id = x.participant_id`,
    [enrollmentIds],
  );
  await pool.query(
    `INSERT INTO contact_consents (participant_id, channel, granted, source, recorded_at, recorded_by)
     SELECT e.participant_id, c.channel, true, 'SIGNED_AGREEMENT', now(), $2
       FROM enrollments e CROSS JOIN (VALUES ('SMS'), ('EMAIL')) AS c(channel)
      WHERE e.id = ANY($1::uuid[])`,
    [enrollmentIds, staffId],
  );
}
