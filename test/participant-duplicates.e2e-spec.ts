import { randomBytes } from 'node:crypto';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

/** A last name no other test in this file uses: a random stem of letters the rule never meets. */
const stem = () =>
  randomBytes(6)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'klmnopqrst'[Number(d)]);

/** A date of birth of this test alone (another one would match nothing anyway). */
let day = 0;
const birthDate = () => {
  const d = new Date(Date.UTC(1960, 0, 1) + (Date.now() % 5000) * 86_400_000);
  d.setUTCDate(d.getUTCDate() + day++ * 3);
  return d.toISOString().slice(0, 10);
};

/**
 * Same person, new spelling (issue 29, point 6): the same state ID with the same date of birth is
 * the same person whatever the name (409 DUPLICATE_PARTICIPANT); a name within a small edit
 * distance of a registered one with the same date of birth is a possible duplicate (409
 * POSSIBLE_DUPLICATE with the candidates), which only a SUPERVISOR may register anyway, with a
 * reason. "Small": Damerau-Levenshtein distance, on the names' confusable skeletons, of at most 1
 * when the shorter name has up to 5 letters and at most 2 otherwise, for the last name and the
 * first name both.
 */
describe('possible duplicates at registration', () => {
  let db: TestDatabase;
  let apps: AppInstance[];
  let intake: ApiClient;
  let supervisor: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    const first = await startApp(db);
    apps = [first, await startApp(db)];
    const admin = await loginAdmin(first);
    [intake, supervisor] = await Promise.all([
      staffWith(first, admin, ['INTAKE']),
      staffWith(first, admin, ['SUPERVISOR']),
    ]);
  });
  afterAll(async () => {
    await Promise.all((apps ?? []).map((a) => a.stop()));
    await db?.close();
  });

  const register = (by: ApiClient, body: object) => by.post('/participants', body);
  const count = async () =>
    (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM participants`)).n;

  it('knows the same state ID and birth date as one person, whatever the name', async () => {
    const dateOfBirth = birthDate();
    const stateIdNumber = `MO-${stem()}`;
    const first = await register(intake, {
      firstName: 'Darnell',
      lastName: `Whitaker${stem()}`,
      dateOfBirth,
      stateIdNumber,
    });
    expect(first.status).toBe(201);
    const before = await count();
    // The issue: one letter of the last name changed, the state ID and birth date kept; or a
    // name with nothing in common.
    for (const [firstName, lastName] of [
      ['Darnell', first.body.lastName.replace('Whitaker', 'Whittaker')],
      ['Someone', `Else${stem()}`],
    ]) {
      const again = await register(supervisor, {
        firstName,
        lastName,
        dateOfBirth,
        stateIdNumber: ` ${stateIdNumber.toLowerCase().replace('-', ' ')} `,
        overrideDuplicate: { reason: 'Different person' },
      });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'DUPLICATE_PARTICIPANT',
        existingId: first.body.id,
      });
    }
    expect(await count()).toBe(before);
    // Another birth date with that state ID is another record (a typo the office corrects).
    const otherBirth = await register(intake, {
      firstName: 'Darnell',
      lastName: `Whitaker${stem()}`,
      dateOfBirth: birthDate(),
      stateIdNumber,
    });
    expect(otherBirth.status).toBe(201);
  });

  it('answers POSSIBLE_DUPLICATE with the close matches of that birth date', async () => {
    const dateOfBirth = birthDate();
    const s = stem();
    const first = await register(intake, {
      firstName: 'Marcus',
      lastName: `Johnson${s}`,
      dateOfBirth,
    });
    expect(first.status).toBe(201);
    const before = await count();
    for (const [firstName, lastName] of [
      ['Marcus', `Jonson${s}`], // one letter left out
      ['Marcus', `Jonhson${s}`], // two letters swapped: one edit
      ['Markus', `Johnsen${s}`], // one letter changed in each name
      ['Marсus', `Jоnson${s}`], // Cyrillic с and о look like c and o: one letter left out
    ]) {
      const res = await register(intake, {
        firstName,
        lastName,
        dateOfBirth,
        stateIdNumber: `MO-${stem()}`,
      });
      expect({ lastName, status: res.status, code: res.body.code }).toEqual({
        lastName,
        status: 409,
        code: 'POSSIBLE_DUPLICATE',
      });
      expect(res.body.candidates).toEqual([
        { id: first.body.id, name: `Marcus Johnson${s}`, dateOfBirth },
      ]);
    }
    expect(await count()).toBe(before);

    // Not close: another birth date, another first name, or three letters apart.
    for (const body of [
      { firstName: 'Marcus', lastName: `Jonson${s}`, dateOfBirth: birthDate() },
      { firstName: 'Evelyn', lastName: `Jonson${s}`, dateOfBirth },
      { firstName: 'Marcus', lastName: `Jameson${s}`, dateOfBirth },
    ]) {
      const res = await register(intake, body);
      expect({ body, status: res.status }).toEqual({ body, status: 201 });
    }
  });

  it('allows one letter for short names and two for longer ones', async () => {
    const dateOfBirth = birthDate();
    const short = await register(intake, { firstName: 'Al', lastName: 'Ngo', dateOfBirth });
    expect(short.status).toBe(201);
    const long = await register(intake, { firstName: 'Al', lastName: 'Fitzgerald', dateOfBirth });
    expect(long.status).toBe(201);
    const cases: [string, number, string?][] = [
      ['Ng', 409, 'POSSIBLE_DUPLICATE'], // 1 from Ngo
      ['Nguo', 409, 'POSSIBLE_DUPLICATE'], // 1 from Ngo
      ['Lo', 201], // 2 from Ngo: a short name allows one
      ['Fitsgerold', 409, 'POSSIBLE_DUPLICATE'], // 2 from Fitzgerald
      ['Fitsgerold-Ray', 201], // 6 from Fitzgerald
    ];
    for (const [lastName, status, code] of cases) {
      const res = await register(intake, { firstName: 'Al', lastName, dateOfBirth });
      expect([lastName, res.status, res.body.code]).toEqual([lastName, status, code]);
    }
  });

  it('lets a SUPERVISOR register anyway with a reason, kept and audited; never INTAKE', async () => {
    const dateOfBirth = birthDate();
    const s = stem();
    const first = await register(intake, { firstName: 'Dana', lastName: `Price${s}`, dateOfBirth });
    const body = { firstName: 'Dana', lastName: `Pryce${s}`, dateOfBirth };
    const reason = 'Checked the state IDs on file: a different person, cousin of the first';

    const before = await count();
    const byIntake = await register(intake, { ...body, overrideDuplicate: { reason } });
    expect(byIntake.status).toBe(403);
    expect(byIntake.body.code).toBe('FORBIDDEN');
    for (const bad of [{}, { reason: '  ' }, { reason: 'x'.repeat(501) }, 'yes']) {
      const res = await register(supervisor, { ...body, overrideDuplicate: bad });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toMatch(/^overrideDuplicate/);
    }
    const plain = await register(supervisor, body);
    expect(plain.status).toBe(409);
    expect(plain.body.code).toBe('POSSIBLE_DUPLICATE');
    expect(await count()).toBe(before);

    const anyway = await register(supervisor, { ...body, overrideDuplicate: { reason } });
    expect(anyway.status).toBe(201);
    expect(anyway.body.duplicateOverride).toEqual({ reason, candidateIds: [first.body.id] });
    expect((await intake.get(`/participants/${anyway.body.id}`)).body.duplicateOverride).toEqual({
      reason,
      candidateIds: [first.body.id],
    });
    const event = await db.one(
      `SELECT action, actor_id, details FROM audit_events
        WHERE entity_id = $1 AND outcome = 'SUCCESS'`,
      [anyway.body.id],
    );
    // The event names the override and the candidates; the reason's text stays with the record.
    expect(event).toEqual({
      action: 'participant.create',
      actor_id: supervisor.staffId,
      details: { duplicateOverride: { candidateIds: [first.body.id] } },
    });
    // An ordinary registration carries no override.
    const other = await register(intake, {
      firstName: 'Dana',
      lastName: `Zed${stem()}`,
      dateOfBirth,
    });
    expect(other.body.duplicateOverride).toBeNull();
  });

  it('decides two look-alike registrations sent at once on two instances: one is registered', async () => {
    for (let round = 0; round < 3; round++) {
      const dateOfBirth = birthDate();
      const s = stem();
      const results = await Promise.all([
        register(intake.on(apps[0]), { firstName: 'Ray', lastName: `Smith${s}`, dateOfBirth }),
        register(intake.on(apps[1]), { firstName: 'Ray', lastName: `Smyth${s}`, dateOfBirth }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('POSSIBLE_DUPLICATE');
    }
  });

  it('holds the state ID rule in the database', async () => {
    const dateOfBirth = birthDate();
    const first = await register(intake, {
      firstName: 'Kim',
      lastName: `Lee${stem()}`,
      dateOfBirth,
      stateIdNumber: 'MO-77',
    });
    expect(first.status).toBe(201);
    const err = await db
      .query(
        `INSERT INTO participants (first_name, last_name, last_name_key, date_of_birth,
            state_id_number, state_id_key, created_by)
         VALUES ('Other', 'Other', 'other', $1, 'MO 77', 'MO77', $2)`,
        [dateOfBirth, intake.staffId],
      )
      .then(
        () => undefined,
        (x: { code: string; constraint?: string }) => x,
      );
    expect(err).toMatchObject({ code: '23505', constraint: 'participants_state_id_birth_key' });
  });
});
