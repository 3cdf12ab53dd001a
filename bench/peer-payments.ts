// The benchmark's peer: POST /api/v1/enrollments/:id/payments as a minimal node:http + pg handler,
// no Nest. Same auth check as the API (HS256 access token: signature, issuer, audience, exp; then
// the staff member active, the token's session version and a live refresh-token family; the
// FINANCE role), same validation of the body and the key, and the same statements in the same
// lock-last order, most of them the very text of src/ledger/ledger-sql.ts: key claim, enrollment
// lock, totals, audit event, then the receipt number, the entry and the key completion in one
// statement, then COMMIT. Started by bench/run.ts like the server (same environment, port 0,
// `listening on` on stdout).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, PoolClient } from 'pg';
import { addDays, chicagoDate } from '../src/common/dates';
import { requestHash } from '../src/ledger/idempotency-key';
import {
  CLAIM_KEY_SQL,
  entryParams,
  LOCK_ENROLLMENT_SQL,
  TOTALS_SQL,
  writeEntrySql,
} from '../src/ledger/ledger-sql';

const ISSUER = 'diversion-case-manager';
const AUDIENCE = 'diversion-case-manager-api';
const METHODS = new Set(['CASH', 'CHECK', 'MONEY_ORDER', 'CARD']);
const ROUTE = /^\/api\/v1\/enrollments\/([0-9a-f-]{36})\/payments$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const KEY = /^[\x20-\x7E]{1,200}$/;
const AUDIT = `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, outcome, status_code, error_code, request_id, ip)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const STAFF = `SELECT s.id, s.roles, s.session_version FROM staff s
  WHERE s.id = $1 AND s.active
    AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.staff_id = s.id
                  AND t.revoked_at IS NULL AND t.expires_at > now()
                  AND (t.family_expires_at IS NULL OR t.family_expires_at > now()))`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const secret = process.env.JWT_SECRET ?? '';
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  application_name: 'diversion-bench-peer',
  options: '-c TimeZone=America/Chicago -c role=diversion_app',
});

function verifyToken(header: string | undefined): { sub: string; sv: number; fid: string } {
  const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header ?? '');
  if (!m) throw new HttpError(401, 'UNAUTHENTICATED');
  const expected = createHmac('sha256', secret).update(`${m[1]}.${m[2]}`).digest();
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, 'UNAUTHENTICATED');
  }
  const head = JSON.parse(Buffer.from(m[1], 'base64url').toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString()) as Record<string, unknown>;
  if (
    head.alg !== 'HS256' ||
    claims.iss !== ISSUER ||
    claims.aud !== AUDIENCE ||
    typeof claims.exp !== 'number' ||
    claims.exp * 1000 <= Date.now() ||
    typeof claims.sub !== 'string' ||
    typeof claims.fid !== 'string' ||
    !UUID.test(claims.fid) ||
    typeof claims.sv !== 'number'
  ) {
    throw new HttpError(401, 'UNAUTHENTICATED');
  }
  return { sub: claims.sub, sv: claims.sv, fid: claims.fid };
}

function validPayment(body: unknown): body is {
  amountCents: number;
  method: string;
  receivedOn: string;
  reference?: string;
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const known = new Set(['amountCents', 'method', 'receivedOn', 'reference']);
  return (
    Object.keys(b).every((k) => known.has(k)) &&
    Number.isSafeInteger(b.amountCents) &&
    (b.amountCents as number) > 0 &&
    typeof b.method === 'string' &&
    METHODS.has(b.method) &&
    typeof b.receivedOn === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(b.receivedOn) &&
    (b.reference === undefined ||
      (typeof b.reference === 'string' && b.reference.length >= 1 && b.reference.length <= 100)) &&
    (!['CHECK', 'MONEY_ORDER'].includes(b.method) || b.reference !== undefined)
  );
}

async function pay(req: IncomingMessage, raw: string, ip: string): Promise<[number, unknown]> {
  const route = ROUTE.exec(req.url ?? '');
  if (req.method !== 'POST' || !route) throw new HttpError(404, 'NOT_FOUND');
  const token = verifyToken(req.headers.authorization);
  const staff = await pool.query<{ id: string; roles: string[]; session_version: number }>(STAFF, [
    token.sub,
    token.fid,
  ]);
  const user = staff.rows[0];
  if (!user || user.session_version !== token.sv) throw new HttpError(401, 'UNAUTHENTICATED');
  if (!user.roles.includes('FINANCE')) throw new HttpError(403, 'FORBIDDEN');
  const enrollmentId = route[1];
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'VALIDATION_FAILED');
  }
  if (!UUID.test(enrollmentId) || !validPayment(body))
    throw new HttpError(400, 'VALIDATION_FAILED');
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.trim() === '') {
    throw new HttpError(422, 'IDEMPOTENCY_KEY_REQUIRED');
  }
  if (!KEY.test(key)) throw new HttpError(400, 'VALIDATION_FAILED');

  const c: PoolClient = await pool.connect();
  try {
    await c.query('BEGIN');
    const hash = requestHash('POST', req.url!, body);
    const claim = await c.query<{ claimed: number }>(CLAIM_KEY_SQL, [user.id, key, hash]);
    if (claim.rows[0].claimed === 0) {
      const found = await c.query<{
        request_hash: string;
        response_status: number | null;
        response_body: unknown;
      }>(
        `SELECT request_hash, status, response_status, response_body
           FROM idempotency_keys WHERE staff_id = $1 AND key = $2`,
        [user.id, key],
      );
      const existing = found.rows[0];
      if (!existing) throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS');
      if (existing.request_hash !== hash) throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED');
      if (existing.response_status === null) throw new HttpError(409, 'IDEMPOTENCY_IN_PROGRESS');
      await c.query(AUDIT, [
        user.id,
        'ledger.payment.record.replayed',
        'ledger_entry',
        (existing.response_body as { id?: string }).id ?? null,
        'SUCCESS',
        existing.response_status,
        null,
        randomUUID(),
        ip,
      ]);
      await c.query('COMMIT');
      return [existing.response_status, existing.response_body];
    }
    const enrollment = await c.query<{ status: string; enrolled_on: string }>(LOCK_ENROLLMENT_SQL, [
      enrollmentId,
    ]);
    if (!enrollment.rows[0]) throw new HttpError(404, 'NOT_FOUND');
    if (enrollment.rows[0].status !== 'ACTIVE') throw new HttpError(422, 'ENROLLMENT_NOT_ACTIVE');
    // The received date's range, as the API checks it (LedgerService.assertReceivedOn).
    const today = chicagoDate();
    if (body.receivedOn > today || body.receivedOn < enrollment.rows[0].enrolled_on) {
      throw new HttpError(422, 'RECEIVED_ON_OUT_OF_RANGE');
    }
    if (body.receivedOn < addDays(today, -30) && !user.roles.includes('SUPERVISOR')) {
      throw new HttpError(403, 'FORBIDDEN');
    }
    const totals = await c.query<{ balance_cents: string }>(TOTALS_SQL, [enrollmentId]);
    if (body.amountCents > Number(totals.rows[0]?.balance_cents ?? 0)) {
      throw new HttpError(422, 'OVERPAYMENT');
    }
    const id = randomUUID();
    await c.query(AUDIT, [
      user.id,
      'ledger.payment.record',
      'ledger_entry',
      id,
      'SUCCESS',
      201,
      null,
      randomUUID(),
      ip,
    ]);
    const entry = await c.query<{ json: unknown }>(
      writeEntrySql({ receipt: true, completeKey: true }),
      [
        ...entryParams({
          id,
          enrollmentId,
          kind: 'PAYMENT',
          amountCents: body.amountCents,
          signedAmountCents: -body.amountCents,
          method: body.method,
          reference: body.reference,
          receivedOn: body.receivedOn,
          createdBy: user.id,
        }),
        Number(body.receivedOn.slice(0, 4)),
        user.id,
        key,
        201,
      ],
    );
    await c.query('COMMIT');
    return [201, entry.rows[0].json];
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const server = createServer((req, res) => {
  if (req.url === '/health/ready') return send(res, 200, { status: 'ok' });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    pay(req, Buffer.concat(chunks).toString('utf8'), req.socket.remoteAddress ?? '')
      .then(([status, body]) => send(res, status, body))
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          send(res, err.status, { status: err.status, code: err.code });
        } else {
          process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
          send(res, 500, { status: 500, code: 'INTERNAL' });
        }
      });
  });
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  process.stdout.write(`Peer listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
