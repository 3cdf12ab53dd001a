import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { AppInstance, startApp, TestDatabase } from './support/app';
import { ApiClient, loginAdmin, staffWith } from './support/http';
import {
  fetchOpenApi,
  encode,
  isMutating,
  isProblem,
  mapConcurrent,
  Operation,
  operationsOf,
  RawRequest,
  RawResponse,
  Schema,
  send,
} from './support/openapi';
import { contractViolation } from './support/contract';
import { ALL_ROLES, PERMISSION_MATRIX } from './support/permission-matrix';

/**
 * Throws generated bad input at every documented route and checks the server's two promises:
 * nothing answers 5xx, every 4xx is problem+json with a `code`, and a refused request writes
 * nothing. Each mutating case breaks at least one rule by construction (an unknown field, a
 * missing required field, a wrong type or format, an unparsable body, a malformed or unknown
 * path id), so a 2xx from a mutating route is itself a failure.
 */

const MIN_REQUESTS = 5_000;
const CONCURRENCY = 16;
const EXAMPLES = 4;
/** FUZZ_VERBOSE=1 also prints the statuses and codes each route answered. */
const VERBOSE = process.env.FUZZ_VERBOSE === '1';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const NOT_COUNTED = new Set([
  'audit_events',
  'refresh_tokens',
  'idempotency_keys',
  'schema_migrations',
]);

// ---------------------------------------------------------------- value pools

const HUGE = 'x'.repeat(100_000);
const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  HUGE,
  '😀'.repeat(500),
  'a\u0000b',
  '\u0000',
  '\uFEFF\u200B\u202E',
  '\uD800',
  'Zoë Ñúñez-Ōtsuka 王秀英',
  'O\'Brien"; DROP TABLE participants; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '%00%ff',
  '../../../../etc/passwd',
  'null',
  '-1',
  'NaN',
  '１２３',
  'ǅ\u0301\u0301\u0301',
];
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Dates a YYYY-MM-DD field must refuse whatever its other rules are. */
const BAD_DATES = [
  '2026-02-30',
  '9999-99-99',
  '',
  '2026-13-01',
  '2026-00-10',
  '2026-1-5',
  '20260105',
  '2026-02-29',
  '0000-00-00',
  'yesterday',
];
/** Odd but well-formed dates: noise, refused or not depending on the field. */
const ODD_DATES = [
  '1899-12-31',
  '9999-12-31',
  '1900-01-01',
  '2100-01-01',
  '2024-02-29',
  '2026-01-01T00:00:00Z',
  ' 2026-01-01',
];
const BAD_TIMESTAMPS = [
  '2026-02-30T10:00:00Z',
  '2026-01-01T25:00:00Z',
  'not-a-time',
  '',
  '9999-99-99T99:99:99Z',
];
const BAD_UUIDS = [
  'not-a-uuid',
  '1',
  '0',
  '-1',
  'null',
  'undefined',
  "' OR '1'='1",
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  'g0000000-0000-0000-0000-000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  '😀',
  'a\u0000b',
  ' ',
  'x'.repeat(300),
];
const badUuid = fc.oneof(
  fc.constantFrom(...BAD_UUIDS),
  fc.uuid().map((u) => `${u}0`),
  fc.uuid().map((u) => u.slice(1)),
  fc.uuid().map((u) => u.replace(/-/g, '')),
);
const BAD_CENTS = [-1, -250, 0.5, 99.99, 1e-7, 'NaN', 'Infinity', '-Infinity', true, {}, []];
/** Raw JSON number texts JSON.parse takes that no cents field may accept. */
const RAW_BAD_NUMBERS = ['1e999', '-1e999', '1.0000000000000002', '-5e-1'];
const NOISE_CENTS = [0, 1, 2 ** 53, Number.MAX_SAFE_INTEGER, 10_000_000_001, 1e21];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/octet-stream',
  'application/merge-patch+json',
];
const anyJson = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
);

const isCents = (name: string) => /Cents$/.test(name);
const isDateField = (name: string, s: Schema) =>
  s.format === 'date' ||
  (s.type === 'string' &&
    !s.format &&
    /(On|Date|Of|^from|^to|^periodEnd|^periodStart)$/.test(name));
const isTimestampField = (name: string, s: Schema) =>
  s.format === 'date-time' || (s.type === 'string' && !s.format && /At$/.test(name));
const isIdField = (name: string, s: Schema) =>
  s.format === 'uuid' || (s.type === 'string' && /(^id|Id)$/.test(name));

// ---------------------------------------------------------------- a case

interface Draft {
  pathValues: Record<string, string>;
  /** Inserted into the URL as-is (not encoded), e.g. a lone `%`. */
  rawPathValues: Record<string, string>;
  query: [string, string][];
  body: unknown;
  /** Overrides the serialized body when set. */
  bodyText?: string;
  /** Replacements applied to the serialized body: placeholder string → raw JSON text. */
  raw: Record<string, string>;
  contentType: string;
  headers: Record<string, string>;
  /** Adds a `__proto__` key to the serialized object. */
  proto?: boolean;
  breaks: string[];
}

interface Case {
  op: Operation;
  request: RawRequest;
  breaks: string[];
  callerName: string;
}

type Mutation = { label: string; apply: (d: Draft) => void };
const mutation = (label: string, apply: (d: Draft) => void): Mutation => ({ label, apply });

let rawCounter = 0;
const rawPlaceholder = (text: string, d: Draft) => {
  const key = `__raw_${++rawCounter}__`;
  d.raw[JSON.stringify(key)] = text;
  return key;
};

const asObject = (d: Draft): Record<string, unknown> | undefined =>
  d.body && typeof d.body === 'object' && !Array.isArray(d.body)
    ? (d.body as Record<string, unknown>)
    : undefined;

/** A value of the field's shape, often valid, often carrying noise (huge, unicode, NUL, edges). */
function plausible(s: Schema, name: string, depth = 0): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (isCents(name))
    return fc.oneof(fc.constantFrom(...NOISE_CENTS), fc.integer({ min: 1, max: 1e7 }));
  switch (s.type) {
    case 'string':
      if (isDateField(name, s)) return fc.constantFrom('2026-01-15', '1980-05-05', ...ODD_DATES);
      if (isTimestampField(name, s))
        return fc.constantFrom('2026-06-01T18:00:00-05:00', '2026-06-01T23:00:00Z');
      if (isIdField(name, s)) return fc.uuid();
      if (/email/i.test(name))
        return fc.constantFrom('fuzz@example.com', `${'a'.repeat(300)}@x.io`);
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant('Fuzz value') },
        { weight: 2, arbitrary: nastyString },
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: s.minimum ?? 1, max: Math.min(s.maximum ?? 100, 1e9) }),
        fc.constantFrom(0, 2 ** 53),
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(plausible(s.items ?? {}, name, depth + 1), { maxLength: 3 });
    case 'object':
      return depth > 3 || !s.properties ? fc.constant({}) : plausibleObject(s, depth + 1);
    default:
      return anyJson;
  }
}

function plausibleObject(s: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(props).map(([k, v]) => [k, plausible(v, k, depth)]),
  );
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as any;
}

/** Values the field must refuse, whatever else the request carries. */
function badValues(
  s: Schema,
  name: string,
  required: boolean,
): fc.Arbitrary<(d: Draft) => unknown> {
  const plain = (vals: unknown[]) => fc.constantFrom(...vals).map((v) => () => v);
  const options: fc.Arbitrary<(d: Draft) => unknown>[] = [];
  if (required) options.push(plain([null]));
  if (isCents(name)) {
    options.push(plain(BAD_CENTS));
    options.push(
      fc.constantFrom(...RAW_BAD_NUMBERS).map((t) => (d: Draft) => rawPlaceholder(t, d)),
    );
    return fc.oneof(...options);
  }
  if (s.enum?.length) {
    const first = String(s.enum[0]);
    options.push(plain(['NOT_A_VALUE', `${first}_X`, '', 7, [first], { value: first }]));
    return fc.oneof(...options);
  }
  switch (s.type) {
    case 'string': {
      options.push(plain([7, -1.5, true, {}, []]));
      if (isDateField(name, s)) options.push(plain(BAD_DATES));
      else if (isTimestampField(name, s)) options.push(plain([...BAD_TIMESTAMPS, 1767225600000]));
      else if (isIdField(name, s)) options.push(badUuid.map((v) => () => v));
      if (s.maxLength !== undefined && s.maxLength < 100_000)
        options.push(plain(['x'.repeat(s.maxLength + 1), 'x'.repeat(100_000)]));
      if (s.minLength) options.push(plain(['x'.repeat(s.minLength - 1)]));
      break;
    }
    case 'integer':
    case 'number': {
      options.push(plain(['abc', 'NaN', true, {}, [], '']));
      if (s.type === 'integer') options.push(plain([1.5, -0.25]));
      if (s.minimum !== undefined) options.push(plain([s.minimum - 1, -1e9]));
      if (s.maximum !== undefined) options.push(plain([s.maximum + 1, 1e15]));
      options.push(
        fc
          .constantFrom(...RAW_BAD_NUMBERS.slice(0, 2))
          .map((t) => (d: Draft) => rawPlaceholder(t, d)),
      );
      break;
    }
    case 'boolean':
      options.push(plain(['maybe', 2, -1, {}, [], 'yes']));
      break;
    case 'array': {
      options.push(plain(['not-an-array', 7, {}]));
      const item = s.items ?? {};
      if (item.enum?.length) options.push(plain([['NOT_A_VALUE'], [7]]));
      else if (item.type === 'string') options.push(plain([[7], [{}]]));
      else if (item.type === 'object') options.push(plain([[7], ['x'], [[]]]));
      break;
    }
    case 'object':
      options.push(plain(['not-an-object', 7, [], true]));
      break;
    default:
      if (options.length === 0) return fc.constant(() => Symbol.for('unknown-type'));
  }
  return fc.oneof(...options);
}

/** Every way this operation's request can be made invalid by construction. */
function breakers(op: Operation): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [];
  const s = op.body;
  const mutating = isMutating(op.method);

  if (op.pathParams.length) {
    out.push(
      fc
        .tuple(fc.constantFrom(...op.pathParams), badUuid)
        .map(([p, v]) => mutation(`bad path ${p}`, (d) => (d.pathValues[p] = v))),
    );
    out.push(
      fc
        .tuple(fc.constantFrom(...op.pathParams), fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AE'))
        .map(([p, v]) => mutation(`undecodable path ${p}`, (d) => (d.rawPathValues[p] = v))),
    );
    // Nothing in the fuzz database has these ids, so a body-less action can only answer 404.
    if (mutating && !s) out.push(fc.constant(mutation('unknown path id', () => undefined)));
  }
  if (!mutating) return out;

  out.push(
    fc
      .constantFrom(
        (t: string) => t.slice(0, Math.max(1, Math.floor(t.length / 2))),
        (t: string) => `${t.slice(0, -1)},}`,
        (t: string) => t.replace(/"/g, "'"),
        (t: string) => `${t}}`,
        (t: string) => `/* c */${t}`,
        (t: string) => t.replace(/:/, ': NaN, "x":'),
        () => '{"a": undefined}',
        (t: string) => t.replace(/^\{/, '{,'),
        () => '{"a":',
        () => '\u0000',
        () => 'nul',
      )
      .map((f) =>
        mutation('malformed JSON', (d) => {
          const text = serialize(d) ?? '{}';
          let bad = f(text);
          try {
            JSON.parse(bad);
            bad = '{"a":';
          } catch {
            // unparsable, as wanted
          }
          d.bodyText = bad;
          // Unparsable only counts when it is sent as JSON.
          d.contentType = 'application/json';
        }),
      ),
  );
  if (!s) return out;

  const props = s.properties ?? {};
  const required = (s.required ?? []).filter((k) => k in props);
  const names = Object.keys(props);

  out.push(
    fc
      .tuple(
        fc.constantFrom(
          'isAdmin',
          'zzz',
          'createdBy',
          'deletedAt',
          'balanceCents',
          'id',
          'status',
          'roles',
          'constructor',
        ),
        anyJson,
      )
      .filter(([k]) => !(k in props))
      .map(([k, v]) =>
        mutation(`unknown field ${k}`, (d) => {
          const o = asObject(d);
          if (o) o[k] = v;
          else d.body = { [k]: v };
        }),
      ),
  );
  if (required.length)
    out.push(
      fc.constantFrom(...required).map((k) =>
        mutation(`missing ${k}`, (d) => {
          const o = asObject(d);
          if (o) delete o[k];
          else d.body = {};
        }),
      ),
    );
  if (names.length)
    out.push(
      fc
        .constantFrom(...names)
        .chain((k) =>
          badValues(props[k], k, required.includes(k)).map((make) => [k, make] as const),
        )
        .map(([k, make]) =>
          mutation(`bad ${k}`, (d) => {
            const value = make(d);
            const o = (asObject(d) ?? (d.body = {})) as Record<string, unknown>;
            // A field of no known type has no sure-fire bad value: break the body instead.
            if (typeof value === 'symbol') o.zzzUnknown = 1;
            else o[k] = value;
          }),
        ),
    );
  const notObjects: unknown[] = [42, 'a string', true, -1.5];
  if (required.length) notObjects.push(null, [], [{}]);
  out.push(
    fc
      .constantFrom(...notObjects)
      .map((v) => mutation(`body ${JSON.stringify(v)}`, (d) => (d.body = v))),
  );
  if (required.length)
    out.push(fc.constant(mutation('body array of the object', (d) => (d.body = [d.body]))));
  return out;
}

/** Extras that never make a request valid: content types, headers, prototype keys. */
function noise(op: Operation): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(undefined, '', 'x'.repeat(300), 'fuzz key', randomUUID()).map((k) =>
      mutation('idempotency key', (d) => {
        if (k === undefined) delete d.headers['idempotency-key'];
        else d.headers['idempotency-key'] = k;
      }),
    ),
    fc
      .constantFrom('text/csv', 'application/pdf', 'application/xml', '*/*', 'text/html')
      .map((a) => mutation('accept', (d) => (d.headers.accept = a))),
  ];
  if (isMutating(op.method)) {
    out.push(
      fc
        .constantFrom(...CONTENT_TYPES)
        .map((ct) => mutation(`content-type ${ct}`, (d) => (d.contentType = ct))),
    );
    out.push(fc.constant(mutation('__proto__ key', (d) => (d.proto = true))));
  }
  return out;
}

function serialize(d: Draft): string | undefined {
  if (d.bodyText !== undefined) return d.bodyText;
  if (d.body === undefined) return undefined;
  let text = JSON.stringify(d.body);
  for (const [placeholder, raw] of Object.entries(d.raw)) text = text.split(placeholder).join(raw);
  if (d.proto && text.startsWith('{'))
    text = `{"__proto__":{"roles":["ADMIN"],"isAdmin":true}${text === '{}' ? '' : ','}${text.slice(1)}`;
  return text;
}

function queryArb(op: Operation): fc.Arbitrary<[string, string][]> {
  const values = op.queryParams.map((p) => {
    const s = p.schema ?? {};
    const name = p.name;
    const isDate = isDateField(name, s) || /^(from|to|asOf)$/.test(name);
    const bad: string[] = ['', ' ', 'x'.repeat(2_000), 'a\u0000b', '😀', '[]', '{}'];
    if (name === 'page') bad.push('-1', '0', '1.5', 'abc', '100000000000', '1e3');
    if (name === 'limit') bad.push('100000', '0', '-5', '201', 'x', '50.5');
    if (name === 'groupBy') bad.push('x', 'PROGRAM', 'program;drop', 'day,month');
    if (name === 'format') bad.push('xml', 'CSV', 'pdf');
    if (s.enum?.length) bad.push('NOT_A_VALUE', String(s.enum[0]).toLowerCase());
    if (s.type === 'boolean' || /^overdue$/.test(name)) bad.push('maybe', '2', 'TRUE');
    if (isDate) bad.push(...BAD_DATES, ...ODD_DATES, ...BAD_TIMESTAMPS);
    if (isIdField(name, s)) bad.push(...BAD_UUIDS.filter((u) => u.length < 100));
    const good: fc.Arbitrary<string> = s.enum?.length
      ? fc.constantFrom(...s.enum.map(String))
      : name === 'from'
        ? fc.constantFrom('2026-01-01', '2025-06-01')
        : name === 'to'
          ? fc.constantFrom('2026-12-31', '2027-01-31')
          : isDate
            ? fc.constantFrom('2026-01-15', '2025-12-31', '2026-06-01T00:00:00-05:00')
            : isIdField(name, s)
              ? fc.uuid()
              : name === 'page' || name === 'limit'
                ? fc.constantFrom('1', '2', '200')
                : fc.constantFrom('a', 'Anderson', 'CR-1');
    const w = p.required ? 6 : 2;
    return fc
      .oneof(
        { weight: 3, arbitrary: fc.constantFrom(...bad) },
        { weight: w, arbitrary: good },
        { weight: 2, arbitrary: nastyString.map((v) => v.slice(0, 500)) },
      )
      .map((v) => [name, v] as [string, string]);
  });
  const required = op.queryParams.flatMap((p, i) => (p.required ? [i] : []));
  const optional = op.queryParams.flatMap((p, i) => (p.required ? [] : [i]));
  const extras = fc.oneof(
    { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<[string, string][]>(
        [['page', '-1']],
        [['limit', '100000']],
        [['groupBy', 'x']],
        [['zzz', '1']],
        [
          ['page', '1'],
          ['page', '2'],
        ],
        [['limit[]', '5']],
        [['__proto__[roles]', 'ADMIN']],
        [
          ['q', 'a'],
          ['q', 'b'],
        ],
        [['format', 'csv']],
      ),
    },
  );
  // One or two parameters at a time, so a value that passes validation reaches the database.
  return fc
    .tuple(
      fc.tuple(...values),
      fc.subarray(optional, { maxLength: Math.min(2, optional.length) }),
      extras,
    )
    .map(([vals, picked, ex]) => [...[...required, ...picked].map((i) => vals[i]), ...ex]);
}

function caseArb(op: Operation): fc.Arbitrary<Draft> {
  const mutating = isMutating(op.method);
  const breakArbs = breakers(op);
  const pathArb = fc.record(
    Object.fromEntries(op.pathParams.map((p) => [p, fc.uuid()])) as Record<
      string,
      fc.Arbitrary<string>
    >,
  );
  const bodyArb: fc.Arbitrary<unknown> = op.body
    ? plausibleObject(op.body)
    : fc.constant(undefined);
  const breakList =
    mutating || breakArbs.length
      ? fc.array(fc.oneof(...breakArbs), { minLength: mutating ? 1 : 0, maxLength: 3 })
      : fc.constant([] as Mutation[]);
  return fc
    .tuple(
      pathArb,
      bodyArb,
      mutating ? fc.constant([] as [string, string][]) : queryArb(op),
      breakList,
      fc.array(fc.oneof(...noise(op)), { maxLength: 2 }),
    )
    .map(([pathValues, body, query, breaks, extras]) => {
      const d: Draft = {
        pathValues: { ...pathValues },
        rawPathValues: {},
        query,
        body: body === undefined ? undefined : structuredClone(body),
        raw: {},
        contentType: 'application/json',
        headers: mutating ? { 'idempotency-key': randomUUID() } : {},
        breaks: [],
      };
      if (mutating && d.body === undefined && op.body) d.body = {};
      // Breaks that replace the whole body go last so field-level ones do not undo them.
      const ordered = [...breaks].sort((a, b) => rank(a) - rank(b));
      for (const m of [...extras, ...ordered]) {
        m.apply(d);
        if (breaks.includes(m)) d.breaks.push(m.label);
      }
      return d;
    });
}

const rank = (m: Mutation) =>
  m.label === 'malformed JSON' ? 3 : m.label.startsWith('body ') ? 2 : 1;

function toRequest(op: Operation, d: Draft, token: string | undefined): RawRequest {
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    name in d.rawPathValues ? d.rawPathValues[name] : encode(d.pathValues[name] ?? randomUUID()),
  );
  const qs = d.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  if (qs) url += `?${qs}`;
  const mutating = isMutating(op.method);
  return {
    method: op.method,
    url,
    token,
    headers: d.headers,
    ...(mutating ? { body: serialize(d), contentType: d.contentType } : {}),
  };
}

/** A month after the day the test runs, so that "not in the past" rules pass on any day. */
const FUTURE_INSTANT = `${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}T09:00:00-06:00`;

/** A deterministic body of the schema's shape whose values pass the usual rules. */
function canonical(s: Schema, name = ''): unknown {
  if (s.enum?.length) return s.enum[0];
  if (isCents(name)) return 100;
  switch (s.type) {
    case 'string':
      if (isTimestampField(name, s)) return FUTURE_INSTANT;
      if (isDateField(name, s)) return '2026-01-15';
      if (isIdField(name, s)) return randomUUID();
      if (/email/i.test(name)) return 'fuzz@example.com';
      return 'F'.repeat(Math.max(s.minLength ?? 1, 4));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array':
      return s.minItems ? [canonical(s.items ?? {}, name)] : [];
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([k]) => s.required?.includes(k))
          .map(([k, v]) => [k, canonical(v, k)]),
      );
    default:
      return null;
  }
}

/** The classic bad requests, sent to every route once per caller whatever the generator draws. */
function fixedCases(op: Operation): Draft[] {
  const base = (): Draft => ({
    pathValues: Object.fromEntries(op.pathParams.map((p) => [p, randomUUID()])),
    rawPathValues: {},
    query: [],
    body: op.body ? { zzzUnknown: 1 } : undefined,
    raw: {},
    contentType: 'application/json',
    headers: isMutating(op.method) ? { 'idempotency-key': randomUUID() } : {},
    breaks: ['fixed'],
  });
  const list: Draft[] = [];
  const add = (f: (d: Draft) => void) => {
    const d = base();
    f(d);
    list.push(d);
  };
  if (op.pathParams.length) {
    add((d) => (d.pathValues[op.pathParams[0]] = 'not-a-uuid'));
    add((d) => (d.rawPathValues[op.pathParams[0]] = '%'));
  }
  if (isMutating(op.method)) {
    add((d) => (d.bodyText = '{"a":'));
    add((d) => (d.contentType = 'text/plain'));
    if (op.body?.required?.length) {
      add((d) => (d.bodyText = 'null'));
      add((d) => (d.bodyText = '[]'));
    }
    add((d) => (d.bodyText = '42'));
    // A well-formed body but for an impossible day: JavaScript's Date rolls 2026-02-30 over
    // to March, PostgreSQL refuses it, and neither may turn into a 5xx or a write.
    for (const [name, p] of Object.entries(op.body?.properties ?? {})) {
      const bad = isTimestampField(name, p)
        ? '2026-02-30T10:00:00-06:00'
        : isDateField(name, p)
          ? '2026-02-30'
          : undefined;
      if (bad) add((d) => (d.body = { ...(canonical(op.body!) as object), [name]: bad }));
    }
    // Arrays of objects holding non-objects: nested validation must refuse them, not the service.
    for (const [name, p] of Object.entries(op.body?.properties ?? {})) {
      if (p.type !== 'array' || p.items?.type !== 'object') continue;
      for (const items of [[[]], [null], ['x'], [{ zzzUnknown: 1 }]])
        add((d) => (d.body = { [name]: items }));
    }
  } else {
    add((d) => (d.query = [['page', '-1']]));
    add((d) => (d.query = [['limit', '100000']]));
    add((d) => (d.query = [['groupBy', 'x']]));
    add(
      (d) =>
        (d.query = [
          ['page', 'abc'],
          ['limit', '1.5'],
        ]),
    );
    // A NUL byte or a long value in a free-text filter must not reach PostgreSQL unchecked.
    for (const p of op.queryParams) {
      const s = p.schema ?? {};
      if (isDateField(p.name, s) || /^(from|to|asOf)$/.test(p.name)) {
        add((d) => (d.query = [[p.name, '2026-02-30']]));
        add((d) => (d.query = [[p.name, '2026-02-30T10:00:00-06:00']]));
      }
      if (s.type !== 'string' || s.enum || s.format) continue;
      add((d) => (d.query = [[p.name, 'a\u0000b']]));
      add((d) => (d.query = [[p.name, 'x'.repeat(4_000)]]));
    }
  }
  return list;
}

// ---------------------------------------------------------------- the test

describe('fuzz: generated bad input on every documented route', () => {
  let db: TestDatabase;
  let app: AppInstance;
  let admin: ApiClient;
  let everyRole: ApiClient;

  beforeAll(async () => {
    db = await TestDatabase.create();
    app = await startApp(db);
    admin = await loginAdmin(app);
    everyRole = await staffWith(app, admin, [...ALL_ROLES]);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      if (NOT_COUNTED.has(name)) continue;
      counts[name] = (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`)).n;
    }
    return counts;
  }

  it('never answers 5xx, answers every 4xx as problem+json, and writes nothing', async () => {
    // A route that ends every session of its caller (logout-all) takes no input to get wrong and
    // would sign the fuzzing callers out; hardening.e2e-spec.ts tests it.
    const ops = operationsOf(await fetchOpenApi(app)).filter(
      (op) => !op.path.startsWith('/docs') && !PERMISSION_MATRIX[op.key]?.endsSessions,
    );
    expect(ops.length).toBeGreaterThan(5);
    const callers: [string, string][] = [
      ['ADMIN', admin.token],
      ['ALL_ROLES', everyRole.token],
    ];
    const before = await rowCounts();

    const fixed: Case[] = [];
    for (const op of ops)
      for (const [callerName, token] of callers)
        for (const d of fixedCases(op))
          fixed.push({ op, callerName, breaks: d.breaks, request: toRequest(op, d, token) });
    const perOpAndCaller = Math.max(
      10,
      Math.ceil((MIN_REQUESTS - fixed.length) / (ops.length * callers.length)),
    );
    const generated: Case[] = [];
    ops.forEach((op, i) => {
      const drafts = fc.sample(caseArb(op), {
        numRuns: perOpAndCaller * callers.length,
        seed: SEED + i,
      });
      drafts.forEach((d, j) => {
        const [callerName, token] = callers[j % callers.length];
        generated.push({ op, callerName, breaks: d.breaks, request: toRequest(op, d, token) });
      });
    });
    const cases = [...fixed, ...generated];

    const statuses = new Map<number, number>();
    const perRoute: Record<string, Record<string, number>> = {};
    /** Up to EXAMPLES failing requests per route and kind of failure. */
    const failures = new Map<string, string[]>();
    const fail = (key: string, example: string) => {
      const list = failures.get(key) ?? [];
      if (list.length < EXAMPLES) failures.set(key, [...list, example]);
    };
    const started = Date.now();
    await mapConcurrent(cases, CONCURRENCY, async (c) => {
      let res: RawResponse;
      try {
        res = await send(app.url, c.request);
      } catch (err) {
        fail(`${c.op.key} transport`, `${describeCase(c)} → ${String(err)}`);
        return;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (VERBOSE) {
        const k = `${c.op.key} as ${c.callerName}`;
        const seenHere = (perRoute[k] ??= {});
        const label = `${res.status}${res.json?.code ? ` ${res.json.code}` : ''}`;
        seenHere[label] = (seenHere[label] ?? 0) + 1;
      }
      const undocumented = contractViolation(
        c.request.method,
        c.request.url,
        res.status,
        res.contentType,
        res.json,
      );
      if (undocumented) {
        fail(`${c.op.key} disagrees with the document`, `${describeCase(c)} → ${undocumented}`);
      }
      const problem = verdict(c, res);
      if (problem) {
        fail(
          `${c.op.key} ${problem}`,
          `${describeCase(c)} → ${res.status} ${res.contentType} ${res.text.slice(0, 300)}`,
        );
      }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const seen = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz: ${cases.length} requests over ${ops.length} routes in ${seconds} s (seed ${SEED}); statuses ${seen.join(' ')}`,
    );

    if (VERBOSE) console.log(JSON.stringify(perRoute, null, 1));

    const after = await rowCounts();
    const changedTables = Object.keys({ ...before, ...after })
      .filter((t) => before[t] !== after[t])
      .map((t) => `${t}: ${before[t]} → ${after[t]} rows`);
    expect({
      failures: [...failures.entries()].map(([k, v]) => `${k}\n    ${v.join('\n    ')}`),
      changedTables,
    }).toEqual({ failures: [], changedTables: [] });
    expect(cases.length).toBeGreaterThanOrEqual(MIN_REQUESTS);

    // Still healthy, and the fuzzing staff member was neither locked out nor changed.
    const me = await everyRole.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual(expect.arrayContaining([...ALL_ROLES]));
  });
});

function verdict(c: Case, res: RawResponse): string | undefined {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status >= 400 && !isProblem(res))
    return `answered ${res.status} without problem+json code`;
  if (res.status >= 200 && res.status < 300 && isMutating(c.op.method))
    return `accepted invalid input (${c.breaks.join('; ')})`;
  if (res.status < 200 || (res.status >= 300 && res.status < 400)) return `answered ${res.status}`;
  return undefined;
}

function describeCase(c: Case): string {
  const r = c.request;
  const body =
    r.body === undefined
      ? ''
      : ` body=${JSON.stringify(r.body.length > 200 ? `${r.body.slice(0, 200)}…(${r.body.length} chars)` : r.body)}`;
  const ct = r.body === undefined ? '' : ` content-type=${r.contentType}`;
  const headers = Object.entries(r.headers ?? {})
    .map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 40)}…` : v}`)
    .join(' ');
  return `as ${c.callerName}: ${r.method} ${r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url}${ct}${body} ${headers} [breaks: ${c.breaks.join('; ') || 'none'}]`;
}
