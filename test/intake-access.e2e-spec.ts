import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';

const ROLES = ['ADMIN', 'INTAKE', 'FACILITATOR', 'FINANCE', 'SUPERVISOR', 'AUDITOR'] as const;
const ID = '00000000-0000-4000-8000-000000000000';

/** API.md's permission matrix for the intake routes. */
const MATRIX: [method: 'get' | 'post' | 'patch', path: string, allowed: string[]][] = [
  ['post', '/participants', ['INTAKE', 'SUPERVISOR']],
  ['get', '/participants', ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']],
  ['get', `/participants/${ID}`, ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']],
  ['patch', `/participants/${ID}`, ['INTAKE', 'SUPERVISOR']],
  ['post', '/referrals', ['INTAKE', 'SUPERVISOR']],
  ['get', `/referrals/${ID}`, ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']],
  ['patch', `/referrals/${ID}`, ['INTAKE', 'SUPERVISOR']],
  ['post', `/referrals/${ID}/eligibility-checks`, ['INTAKE', 'SUPERVISOR']],
  ['get', `/referrals/${ID}/eligibility-checks`, ['INTAKE', 'SUPERVISOR', 'AUDITOR']],
  ['post', '/enrollments', ['INTAKE', 'SUPERVISOR']],
  ['get', '/enrollments', ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']],
  ['get', `/enrollments/${ID}`, ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR', 'FACILITATOR']],
  ['post', `/enrollments/${ID}/transitions`, ['INTAKE', 'SUPERVISOR']],
];

describe('intake: access and validation', () => {
  let db: TestDatabase;
  let app: AppInstance;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    const admin = await loginAdmin(app);
    as.ADMIN = admin;
    for (const role of ROLES.filter((r) => r !== 'ADMIN'))
      as[role] = await staffWith(app, admin, [role]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it.each(MATRIX)('%s %s is open exactly to its roles', async (method, path, allowed) => {
    for (const role of ROLES) {
      const res = await as[role][method](path, method === 'get' ? undefined : {});
      if (allowed.includes(role)) {
        expect([role, res.status]).not.toEqual([role, 403]);
      } else {
        expect([role, res.status, res.body.code]).toEqual([role, 403, 'FORBIDDEN']);
      }
    }
  });

  it('answers 401 without a token', async () => {
    const res = await fetch(`${app.api}/participants`);
    expect(res.status).toBe(401);
  });

  const badBodies: [string, 'post' | 'patch', string, object, string[]][] = [
    [
      'participant without fields',
      'post',
      '/participants',
      {},
      ['firstName', 'lastName', 'dateOfBirth'],
    ],
    [
      'participant with wrong types and an unknown field',
      'post',
      '/participants',
      { firstName: 1, lastName: '--', dateOfBirth: '1990-01-01', email: 'nope', ssn: '1' },
      ['firstName', 'lastName', 'email', 'ssn'],
    ],
    [
      'participant patch with a null name',
      'patch',
      `/participants/${ID}`,
      { firstName: null },
      ['firstName'],
    ],
    [
      'referral with bad enums and numbers',
      'post',
      '/referrals',
      {
        participantId: 'nope',
        caseNumber: '',
        jurisdiction: 'KC',
        referringAgency: 'KCPD',
        offenseDate: '2026-01-15',
        chargeCode: 'RSMo 567.030',
        offenseClass: 'C_MISDEMEANOR',
        minorInvolved: 'MAYBE',
        victimAgeAtOffense: 17.5,
        priorProstitutionConvictions: -1,
        priorDiversionDeclared: 'no',
        pendingSimilarCharge: false,
        registeredSexOffender: false,
        traffickingCharge: false,
      },
      [
        'participantId',
        'caseNumber',
        'offenseClass',
        'minorInvolved',
        'victimAgeAtOffense',
        'priorProstitutionConvictions',
        'priorDiversionDeclared',
      ],
    ],
    [
      'referral patch of its participant or a null fact',
      'patch',
      `/referrals/${ID}`,
      { participantId: ID, traffickingCharge: null },
      ['participantId', 'traffickingCharge'],
    ],
    [
      'enrollment with bad fields',
      'post',
      '/enrollments',
      { referralId: '1', programCode: 'YOGA', agreementSignedOn: '2026-13-01' },
      ['referralId', 'programCode', 'agreementSignedOn'],
    ],
    ['transition to ACTIVE', 'post', `/enrollments/${ID}/transitions`, { to: 'ACTIVE' }, ['to']],
  ];

  it.each(badBodies)(
    'refuses a %s with 400 naming the fields',
    async (_n, method, path, body, fields) => {
      const res = await as.INTAKE[method](path, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const named = res.body.errors.map((e: { field: string }) => e.field);
      expect([...new Set(named)].sort()).toEqual([...fields].sort());
    },
  );

  it('refuses malformed ids and query strings', async () => {
    for (const path of [
      '/participants/abc',
      '/referrals/abc',
      '/referrals/abc/eligibility-checks',
      '/enrollments/abc',
      '/participants?limit=500',
      '/enrollments?page=0',
      `/referrals/${ID}/eligibility-checks?limit=x`,
    ]) {
      const res = await as.SUPERVISOR.get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('writes nothing for refused requests and audits them', async () => {
    const denied = await as.FINANCE.post('/participants', {
      firstName: 'A',
      lastName: 'Denied',
      dateOfBirth: '1980-01-01',
    });
    expect(denied.status).toBe(403);
    const [{ n }] = await db.query(
      `SELECT (SELECT count(*) FROM participants) + (SELECT count(*) FROM referrals)
            + (SELECT count(*) FROM enrollments) AS n`,
    );
    expect(Number(n)).toBe(0);
    const refused = await db.query(
      `SELECT DISTINCT action, status_code FROM audit_events
        WHERE outcome = 'FAILURE' AND actor_id = $1 AND action = 'participant.create'`,
      [as.FINANCE.staffId],
    );
    expect(refused).toEqual([{ action: 'participant.create', status_code: 403 }]);
  });
});
