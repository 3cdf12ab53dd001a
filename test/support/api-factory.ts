import { randomBytes, randomUUID } from 'node:crypto';
import { AppInstance } from './app';
import { ApiClient, staffWith } from './http';

/**
 * Builders for tests whose subject comes after intake (sessions, ledger, remittances, reports):
 * every row is made by the HTTP API, as staff would make it, so a builder cannot drift from the
 * code. INTAKE registers and enrolls, FINANCE posts money and requests waivers, two SUPERVISORs
 * decide (never their own request or entry). A payment received more than 30 days ago is posted
 * by a head of finance (FINANCE and SUPERVISOR), as the API requires; it is never received
 * before its enrollment began, so a test that pays in the past enrolls before that day.
 */
export interface EnrollmentFixture {
  enrollmentId: string;
  participantId: string;
  referralId: string;
  programCode: 'JOHNZ_SCHOOL' | 'OAR';
  feeCents: number;
  lastName: string;
  firstName: string;
  caseNumber: string;
}

export interface EntryRef {
  id: string;
  enrollmentId: string;
  kind: string;
  amountCents: number;
  createdBy: string;
  receiptNumber?: string;
}

export interface EnrollOptions {
  programCode?: 'JOHNZ_SCHOOL' | 'OAR';
  /** The program's fee when this one enrolls (an ADMIN edits it first; default: as seeded). */
  feeCents?: number;
  /** The program's required sessions when this one enrolls (default: as seeded). */
  requiredSessions?: number;
  /** The agreement's signing day, which is the enrollment day (default: today in Chicago). */
  enrolledOn?: string;
  lastName?: string;
  /** Who enrolls (default: the builders' INTAKE). */
  by?: ApiClient;
}

const LAST_NAMES = ['Anderson', 'Brooks', 'Carter', 'Diaz', 'Evans', 'Foster', 'Garcia', 'Hughes'];

export const chicagoToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());

/** The Chicago calendar day `n` days before today (not UTC's, which is ahead every evening). */
export const chicagoDaysAgo = (n: number): string => addDays(chicagoToday(), -n);

export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const expectStatus = (what: string, res: { status: number; body: unknown }, status: number) => {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)} (expected ${status})`);
};

interface ProgramSettings {
  id: string;
  feeCents: number;
  requiredSessions: number;
}

export class ApiFactory {
  /** Program settings as seeded (read once): what an enrollment gets unless told otherwise. */
  private seeded?: Promise<Map<string, ProgramSettings>>;
  /** Program edits and the enrollments that depend on them run one at a time. */
  private programQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly admin: ApiClient,
    readonly intake: ApiClient,
    readonly finance: ApiClient,
    readonly supervisors: [ApiClient, ApiClient],
    /** FINANCE and SUPERVISOR: posts payments received more than 30 days ago. */
    readonly financeHead: ApiClient,
  ) {}

  static async create(app: AppInstance, admin: ApiClient): Promise<ApiFactory> {
    const [intake, finance, first, second, head] = await Promise.all([
      staffWith(app, admin, ['INTAKE']),
      staffWith(app, admin, ['FINANCE']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['SUPERVISOR']),
      staffWith(app, admin, ['FINANCE', 'SUPERVISOR']),
    ]);
    return new ApiFactory(admin, intake, finance, [first, second], head);
  }

  /** The same staff on another instance of the same database. */
  on(app: AppInstance): ApiFactory {
    const f = new ApiFactory(
      this.admin.on(app),
      this.intake.on(app),
      this.finance.on(app),
      [this.supervisors[0].on(app), this.supervisors[1].on(app)],
      this.financeHead.on(app),
    );
    f.seeded = this.seeded;
    f.programQueue = this.programQueue;
    return f;
  }

  private programs(): Promise<Map<string, ProgramSettings>> {
    this.seeded ??= this.admin.get('/programs').then((res) => {
      expectStatus('GET /programs', res, 200);
      return new Map<string, ProgramSettings>(
        res.body.map((p: ProgramSettings & { code: string }) => [
          p.code,
          { id: p.id, feeCents: p.feeCents, requiredSessions: p.requiredSessions },
        ]),
      );
    });
    return this.seeded;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.programQueue.then(work, work);
    this.programQueue = run.catch(() => undefined);
    return run;
  }

  /** An ACTIVE enrollment with its FEE entry: participant, referral, check and enrollment. */
  async enroll(opts: EnrollOptions = {}): Promise<EnrollmentFixture> {
    const programCode = opts.programCode ?? 'JOHNZ_SCHOOL';
    const by = opts.by ?? this.intake;
    const tag = randomBytes(4).toString('hex');
    const lastName =
      opts.lastName ?? `${LAST_NAMES[parseInt(tag.slice(0, 2), 16) % LAST_NAMES.length]}-${tag}`;
    // Eight random characters: two people of the builders are never close spellings of each other.
    const firstName = `Pat${tag}`;
    const enrolledOn = opts.enrolledOn ?? chicagoToday();
    // The offense comes before the agreement, however far back the enrollment is dated.
    const offenseDate = [addDays(enrolledOn, -30), '2026-01-15'].sort()[0];
    const dateOfBirth = addDays('1970-01-01', parseInt(tag, 16) % 7000);

    const p = await by.post('/participants', { firstName, lastName, dateOfBirth });
    expectStatus('POST /participants', p, 201);
    const caseNumber = `CR-${tag}`;
    const r = await by.post('/referrals', {
      participantId: p.body.id,
      caseNumber,
      jurisdiction: 'KC-MUNICIPAL',
      referringAgency: 'KCPD',
      offenseDate,
      chargeCode: 'RSMo 567.030',
      offenseClass: 'B_MISDEMEANOR',
      minorInvolved: 'NO',
      priorProstitutionConvictions: 0,
      priorDiversionDeclared: false,
      pendingSimilarCharge: false,
      registeredSexOffender: false,
      traffickingCharge: false,
    });
    expectStatus('POST /referrals', r, 201);
    const c = await by.post(`/referrals/${r.body.id}/eligibility-checks`);
    expectStatus('POST /referrals/:id/eligibility-checks', c, 201);

    const e = await this.serially(async () => {
      const seeded = (await this.programs()).get(programCode)!;
      const want = {
        feeCents: opts.feeCents ?? seeded.feeCents,
        requiredSessions: opts.requiredSessions ?? seeded.requiredSessions,
      };
      const now = await this.admin.get('/programs');
      const current = now.body.find((x: { code: string }) => x.code === programCode);
      if (
        current.feeCents !== want.feeCents ||
        current.requiredSessions !== want.requiredSessions
      ) {
        const patched = await this.admin.patch(`/programs/${seeded.id}`, want);
        expectStatus('PATCH /programs/:id', patched, 200);
      }
      return by.post('/enrollments', {
        referralId: r.body.id,
        programCode,
        agreementSignedOn: enrolledOn,
      });
    });
    expectStatus('POST /enrollments', e, 201);
    return {
      enrollmentId: e.body.id,
      participantId: p.body.id,
      referralId: r.body.id,
      programCode,
      feeCents: e.body.feeCents,
      lastName,
      firstName,
      caseNumber,
    };
  }

  payment(
    enrollmentId: string,
    amountCents: number,
    opts: { receivedOn?: string; method?: string; reference?: string } = {},
  ): Promise<EntryRef> {
    const method = opts.method ?? 'CASH';
    const needsReference = method === 'CHECK' || method === 'MONEY_ORDER';
    const receivedOn = opts.receivedOn ?? chicagoToday();
    return this.money(
      `/enrollments/${enrollmentId}/payments`,
      {
        amountCents,
        method,
        receivedOn,
        ...(opts.reference || needsReference ? { reference: opts.reference ?? '1001' } : {}),
      },
      receivedOn < chicagoDaysAgo(30) ? this.financeHead : this.finance,
    );
  }

  refund(
    enrollmentId: string,
    amountCents: number,
    opts: { method?: string; reason?: string } = {},
  ): Promise<EntryRef> {
    return this.money(`/enrollments/${enrollmentId}/refunds`, {
      amountCents,
      method: opts.method ?? 'CHECK',
      reason: opts.reason ?? 'Overpaid',
    });
  }

  private async money(path: string, body: object, by = this.finance): Promise<EntryRef> {
    const res = await by.post(path).set('Idempotency-Key', randomUUID()).send(body);
    expectStatus(`POST ${path}`, res, 201);
    return entryRef(res.body);
  }

  /** Requested by FINANCE, approved by the first SUPERVISOR: the WAIVER entry. */
  async waiver(
    enrollmentId: string,
    amountCents: number,
    opts: { reason?: 'ABILITY_TO_PAY' | 'OTHER'; note?: string } = {},
  ): Promise<EntryRef> {
    const requested = await this.finance.post(`/enrollments/${enrollmentId}/waiver-requests`, {
      amountCents,
      reason: opts.reason ?? 'ABILITY_TO_PAY',
      note: opts.note ?? 'Income below 150% of the poverty line',
    });
    expectStatus('POST /enrollments/:id/waiver-requests', requested, 201);
    const approved = await this.supervisors[0].post(
      `/waiver-requests/${requested.body.id}/approve`,
      {},
    );
    expectStatus('POST /waiver-requests/:id/approve', approved, 200);
    return {
      id: approved.body.ledgerEntryId,
      enrollmentId,
      kind: 'WAIVER',
      amountCents,
      createdBy: this.supervisors[0].staffId,
    };
  }

  /**
   * Negates `target`. A PAYMENT or REFUND (a bounced check: a reversed payment) by a SUPERVISOR
   * who did not record it, at once. A FEE or WAIVER (give its `kind`) as the API requires: FINANCE
   * asks, a SUPERVISOR who did not record it approves.
   */
  async reversal(
    target: { id: string; createdBy?: string; kind?: string },
    opts: { reason?: string } = {},
  ): Promise<EntryRef> {
    const by = this.supervisors.find((s) => s.staffId !== target.createdBy)!;
    const reason = opts.reason ?? 'Bounced check';
    if (target.kind === 'FEE' || target.kind === 'WAIVER') {
      const asked = await this.finance.post(`/ledger-entries/${target.id}/reversal`, { reason });
      expectStatus('POST /ledger-entries/:id/reversal', asked, 202);
      const approved = await by.post(`/reversal-requests/${asked.body.id}/approve`, {});
      expectStatus('POST /reversal-requests/:id/approve', approved, 200);
      return {
        id: approved.body.ledgerEntryId,
        enrollmentId: asked.body.enrollmentId,
        kind: 'REVERSAL',
        amountCents: asked.body.amountCents,
        createdBy: by.staffId,
      };
    }
    const res = await by.post(`/ledger-entries/${target.id}/reversal`, { reason });
    expectStatus('POST /ledger-entries/:id/reversal', res, 201);
    return entryRef(res.body);
  }

  /** The FEE entry the enrollment assessed. */
  async feeOf(enrollmentId: string): Promise<EntryRef> {
    const res = await this.finance.get(`/enrollments/${enrollmentId}/ledger`);
    expectStatus('GET /enrollments/:id/ledger', res, 200);
    return entryRef({
      ...res.body.entries.find((x: { kind: string }) => x.kind === 'FEE'),
      enrollmentId,
    });
  }
}

const entryRef = (b: {
  id: string;
  enrollmentId: string;
  kind: string;
  amountCents: number;
  createdBy: string;
  receiptNumber?: string;
}): EntryRef => ({
  id: b.id,
  enrollmentId: b.enrollmentId,
  kind: b.kind,
  amountCents: b.amountCents,
  createdBy: b.createdBy,
  ...(b.receiptNumber ? { receiptNumber: b.receiptNumber } : {}),
});
