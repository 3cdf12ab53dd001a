import { randomUUID } from 'node:crypto';
import { StaffRole } from '../src/common/roles';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import {
  fetchOpenApi,
  fillPath,
  isMutating,
  isProblem,
  mapConcurrent,
  Operation,
  operationsOf,
  RawResponse,
  send,
} from './support/openapi';
import {
  ALL_ROLES,
  allows,
  exemptFromMatrix,
  PERMISSION_MATRIX,
} from './support/permission-matrix';
import { ApiFactory } from './support/api-factory';

const CONCURRENCY = 8;

describe('permission matrix: every documented route, every role', () => {
  let db: TestDatabase;
  let make: ApiFactory;
  let app: AppInstance;
  let ops: Operation[];
  let admin: ApiClient;
  const staff = new Map<StaffRole, ApiClient>();

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    for (const role of ALL_ROLES) staff.set(role, await staffWith(app, admin, [role]));
    ops = operationsOf(await fetchOpenApi(app));
    make = await ApiFactory.create(app, admin);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  const call = async (op: Operation, role: StaffRole | undefined): Promise<RawResponse> => {
    const entry = PERMISSION_MATRIX[op.key];
    const client =
      role && (entry?.endsSessions ? await staffWith(app, admin, [role]) : staff.get(role)!);
    const url = fillPath(op.path, (name) =>
      entry?.selfId && name === 'id' && client ? client.staffId : randomUUID(),
    );
    return send(app.url, {
      method: op.method,
      url,
      token: client ? client.token : undefined,
      headers: isMutating(op.method) ? { 'idempotency-key': randomUUID() } : {},
      ...(isMutating(op.method) ? { body: '{}', contentType: 'application/json' } : {}),
    });
  };

  it('names every served route in the matrix, and serves every route of each area that has landed', () => {
    const served = new Set(ops.map((o) => o.key));
    const unlisted = [...served].filter((k) => !PERMISSION_MATRIX[k] && !exemptFromMatrix(k));
    const landedAreas = new Set(
      Object.entries(PERMISSION_MATRIX)
        .filter(([k, e]) => served.has(k) || e.undocumented)
        .map(([, e]) => e.area),
    );
    const missing = Object.entries(PERMISSION_MATRIX)
      .filter(([k, e]) => !e.undocumented && !served.has(k) && landedAreas.has(e.area))
      .map(([k]) => k);
    const notYet = Object.entries(PERMISSION_MATRIX)
      .filter(([k, e]) => !e.undocumented && !landedAreas.has(e.area) && !served.has(k))
      .map(([k]) => k);
    if (notYet.length)
      console.log(`permission matrix: routes of areas not served yet: ${notYet.join(', ')}`);
    expect({ routesMissingFromMatrix: unlisted, matrixRoutesMissingFromApp: missing }).toEqual({
      routesMissingFromMatrix: [],
      matrixRoutesMissingFromApp: [],
    });
  });

  it('answers 401 without a token, 403 FORBIDDEN outside the matrix, and never 401/403/5xx inside it', async () => {
    const callers: (StaffRole | undefined)[] = [undefined, ...ALL_ROLES];
    const cases = ops
      .filter((op) => PERMISSION_MATRIX[op.key])
      .flatMap((op) => callers.map((role) => ({ op, role })));
    const failures = (
      await mapConcurrent(cases, CONCURRENCY, async ({ op, role }) => {
        const res = await call(op, role);
        const who = role ?? 'no token';
        const got = `${res.status} ${res.json?.code ?? res.text.slice(0, 80)}`;
        const { access, signed } = PERMISSION_MATRIX[op.key];
        if (res.status >= 500) return `${op.key} as ${who}: ${got}`;
        if (signed) {
          // No role opens a signed webhook: without the gateway's signature, 403 for everyone.
          if (res.status !== 403 || res.json?.code !== 'FORBIDDEN' || !isProblem(res))
            return `${op.key} as ${who}: expected 403 FORBIDDEN (unsigned), got ${got}`;
          return undefined;
        }
        if (!allows(access, role)) {
          const want = role === undefined ? [401, 'UNAUTHENTICATED'] : [403, 'FORBIDDEN'];
          if (res.status !== want[0] || res.json?.code !== want[1] || !isProblem(res))
            return `${op.key} as ${who}: expected ${want.join(' ')}, got ${got}`;
        } else if (res.status === 401 || res.status === 403) {
          return `${op.key} as ${who}: allowed by the matrix but got ${got}`;
        }
        return undefined;
      })
    ).filter((f): f is string => f !== undefined);
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(7 * 10);
  });

  it("lets a SUPERVISOR read one record's audit history, and only that", async () => {
    const enrollment = await make.enroll();
    const one = `entityType=enrollment&entityId=${enrollment.enrollmentId}`;
    const supervisor = staff.get('SUPERVISOR')!;
    const cases: [StaffRole, string, number][] = [
      ['SUPERVISOR', `/audit-events?${one}`, 200],
      ['SUPERVISOR', '/audit-events', 403],
      ['SUPERVISOR', '/audit-events?entityType=enrollment', 403],
      ['SUPERVISOR', `/audit-events?entityId=${enrollment.enrollmentId}`, 403],
      ['SUPERVISOR', `/audit-events?actorId=${supervisor.staffId}`, 403],
      ['AUDITOR', '/audit-events', 200],
      ['ADMIN', '/audit-events', 200],
      ['INTAKE', `/audit-events?${one}`, 403],
      ['FACILITATOR', `/audit-events?${one}`, 403],
      ['FINANCE', `/audit-events?${one}`, 403],
    ];
    const got = [];
    for (const [role, path] of cases) {
      const res = await staff.get(role)!.get(path);
      got.push([role, path, res.status]);
      if (res.status === 403) expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(got).toEqual(cases);
  });

  it('serves Swagger UI and its document without a token', async () => {
    for (const [key, entry] of Object.entries(PERMISSION_MATRIX)) {
      if (!entry.undocumented) continue;
      const path = key.split(' ')[1];
      const res = await send(app.url, { method: 'GET', url: path });
      expect({ key, status: res.status }).toEqual({ key, status: 200 });
    }
  });

  it('lets a FACILITATOR read a roster but never a ledger or a report', async () => {
    const facilitator = staff.get('FACILITATOR')!;
    const served = new Set(ops.map((o) => o.key));
    const checked: string[] = [];

    if (served.has('GET /api/v1/enrollments/{id}/ledger')) {
      const enrollment = await make.enroll();
      const denied = await facilitator.get(`/enrollments/${enrollment.enrollmentId}/ledger`);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('FORBIDDEN');
      const finance = await staff
        .get('FINANCE')!
        .get(`/enrollments/${enrollment.enrollmentId}/ledger`);
      expect(finance.status).toBe(200);
      checked.push('ledger');
    }

    const reports = ops.filter((o) => o.method === 'GET' && o.path.startsWith('/api/v1/reports/'));
    for (const op of reports) {
      const res = await facilitator.get(
        `${op.path.slice('/api/v1'.length)}?from=2026-01-01&to=2026-01-31&asOf=2026-01-31`,
      );
      expect({ route: op.key, status: res.status, code: res.body.code }).toEqual({
        route: op.key,
        status: 403,
        code: 'FORBIDDEN',
      });
      checked.push(op.key);
    }

    if (served.has('GET /api/v1/sessions/{id}/roster') && served.has('POST /api/v1/sessions')) {
      const startsAt = new Date(Date.now() + 7 * 86_400_000);
      startsAt.setUTCHours(23, 0, 0, 0);
      const created = await staff.get('SUPERVISOR')!.post('/sessions', {
        programCode: 'JOHNZ_SCHOOL',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        location: 'Room 4, 1125 Grand Blvd',
        capacity: 12,
        facilitatorId: facilitator.staffId,
      });
      expect(created.status).toBe(201);
      const roster = await facilitator.get(`/sessions/${created.body.id}/roster`);
      expect(roster.status).toBe(200);
      checked.push('roster');
    }
    console.log(`facilitator object-level checks run: ${checked.join(', ') || 'none yet'}`);
  });
});
