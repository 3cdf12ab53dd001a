import { Pool } from 'pg';
import { TestDatabase } from './support/app';

/**
 * The database's own guarantees for consent and the outbox, checked as the API's login: consent
 * history is append-only and its sources are kept apart; a message is planned once per cause,
 * kind and channel, is SENDING only while claimed, and is never deleted. The job runner's schema
 * belongs to the owner; the API's login uses it without being able to create anything in it.
 */
describe('contact and reminders schema', () => {
  let db: TestDatabase;
  let api: Pool;
  let participantId: string;
  let staffId: string;

  beforeAll(async () => {
    db = await TestDatabase.create();
    api = new Pool({ connectionString: db.apiUrl, max: 2 });
    staffId = (
      await db.one(
        `INSERT INTO staff (email, display_name, roles, password_hash)
         VALUES ('schema@test.example', 'Schema', '{INTAKE}', 'x') RETURNING id`,
      )
    ).id;
    participantId = (
      await db.one(
        `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth, phone, created_by)
         VALUES ('Pat', 'Doe', 'doe', '1980-01-01', '816.555.0142', $1) RETURNING id`,
        [staffId],
      )
    ).id;
  });
  afterAll(async () => {
    await api?.end();
    await db?.close();
  });

  const asApi = (sql: string, params: unknown[] = []) => api.query(sql, params);
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { code?: string; constraint?: string; message: string }) =>
        e.constraint ?? e.code ?? e.message,
    );

  const consent = (source: string, granted: boolean, by: string | null) =>
    asApi(
      `INSERT INTO contact_consents (participant_id, channel, granted, source, recorded_at, recorded_by)
       VALUES ($1, 'SMS', $2, $3, now(), $4)`,
      [participantId, granted, source, by],
    );

  it('keeps staff and system sources apart, and lets the system only revoke by unsubscribe or opt-out', async () => {
    expect(await errorOf(consent('VERBAL', true, staffId))).toBe('accepted');
    expect(await errorOf(consent('VERBAL', true, null))).toBe('contact_consents_staff_sources');
    expect(await errorOf(consent('PARTICIPANT_REPLY', false, staffId))).toBe(
      'contact_consents_staff_sources',
    );
    expect(await errorOf(consent('PARTICIPANT_REPLY', true, null))).toBe('accepted');
    expect(await errorOf(consent('UNSUBSCRIBE', true, null))).toBe(
      'contact_consents_revoking_sources',
    );
    expect(await errorOf(consent('CARRIER_OPT_OUT', true, null))).toBe(
      'contact_consents_revoking_sources',
    );
    expect(await errorOf(consent('CARRIER_OPT_OUT', false, null))).toBe('accepted');
  });

  it('refuses to change or remove consent history, even to the API’s login', async () => {
    await consent('WRITTEN_REQUEST', true, staffId);
    // 42501: insufficient privilege (the grant, or the append-only trigger behind it).
    expect(await errorOf(asApi(`UPDATE contact_consents SET granted = NOT granted`))).toBe('42501');
    expect(await errorOf(asApi(`DELETE FROM contact_consents`))).toBe('42501');
    expect(await errorOf(asApi(`TRUNCATE contact_consents`))).toBe('42501');
    // Not even the owner gets past the trigger.
    expect(await errorOf(db.query(`UPDATE contact_consents SET granted = NOT granted`))).toBe(
      '42501',
    );
  });

  const message = (cause: string, extra: Record<string, unknown> = {}) => {
    const cols = {
      participant_id: participantId,
      cause,
      kind: 'PAYMENT_REMINDER',
      channel: 'SMS',
      due_at: new Date(),
      next_attempt_at: new Date(),
      ...extra,
    };
    const names = Object.keys(cols);
    return asApi(
      `INSERT INTO messages (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(cols),
    );
  };

  it('plans a message once per cause, kind and channel', async () => {
    expect(await errorOf(message('payment:x'))).toBe('accepted');
    expect(await errorOf(message('payment:x'))).toBe('messages_one_per_cause');
    expect(await errorOf(message('payment:x', { channel: 'EMAIL' }))).toBe('accepted');
    expect(await errorOf(message('payment:x', { kind: 'DEADLINE_REMINDER' }))).toBe('accepted');
  });

  it('holds a message SENDING only while claimed, SENT only with its time, and never deletes one', async () => {
    expect(await errorOf(message('c1', { status: 'SENDING' }))).toBe(
      'messages_claimed_while_sending',
    );
    expect(await errorOf(message('c2', { status: 'PLANNED', claimed_by: 7 }))).toBe(
      'messages_claimed_while_sending',
    );
    expect(await errorOf(message('c3', { status: 'SENDING', claimed_by: 7 }))).toBe('accepted');
    expect(await errorOf(message('c4', { status: 'SENT' }))).toBe('messages_sent_at');
    expect(await errorOf(message('c5', { kind: 'SESSION_REMINDER_1D' }))).toBe(
      'messages_session_kinds',
    );
    expect(await errorOf(asApi(`DELETE FROM messages`))).toBe('42501');
  });

  it('reads a phone as a US number only when it is one', async () => {
    const cases: [string, string | null][] = [
      ['(816) 555-0100', '+18165550100'],
      ['816.555.0100', '+18165550100'],
      ['+1 816 555 0100', '+18165550100'],
      ['1-816-555-0100', '+18165550100'],
      ['8165550100', '+18165550100'],
      ['555-0100', null],
      ['+44 20 7946 0958', null],
      ['(116) 555-0100', null],
      ['(816) 155-0100', null],
      ['816-555-0100 ext 12', null],
      ['', null],
    ];
    const got = await Promise.all(
      cases.map(async ([entered]) => [
        entered,
        (await asApi(`SELECT us_phone_e164($1) AS n`, [entered])).rows[0].n,
      ]),
    );
    expect(got).toEqual(cases);
  });

  it('lets the API’s login use the job runner’s schema, owned by the owner, without creating anything in it', async () => {
    const owner = await db.one(
      `SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'graphile_worker'`,
    );
    const apiUser = (await asApi(`SELECT current_user AS u`)).rows[0].u;
    expect(owner.owner).not.toBe(apiUser);
    await asApi(`SELECT graphile_worker.add_job('schema_test', job_key := 'schema-test')`);
    const seen = await asApi(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = 'schema-test'`,
    );
    expect(seen.rows[0].n).toBe(1);
    expect(await errorOf(asApi(`CREATE TABLE graphile_worker.x (id int)`))).toBe('42501');
    const canCreate = await asApi(
      `SELECT has_schema_privilege(current_user, 'graphile_worker', 'CREATE') AS c`,
    );
    expect(canCreate.rows[0].c).toBe(false);
  });
});
