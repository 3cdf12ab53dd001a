import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Checks answers against the committed openapi.json (which operations.e2e-spec.ts keeps equal to
 * the live document): the status is one the operation documents, and a JSON body matches that
 * status's schema, so a refusal's `code` must be one the route's @Endpoint lists. The document
 * is read and each schema compiled once per worker, on first use.
 */

interface DocOperation {
  key: string;
  pattern: RegExp;
  /** Fewer template parameters first: `/reports/fees` before `/reports/{id}`. */
  params: number;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let operations: DocOperation[] | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

function load(): DocOperation[] {
  if (operations) return operations;
  const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
  ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: nullables(doc.components) });
  operations = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const source = path
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+');
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        pattern: new RegExp(`^${method.toUpperCase()} ${source}/?$`, 'i'),
        params: (path.match(/\{/g) ?? []).length,
        responses: op.responses ?? {},
      });
    }
  }
  operations.sort((a, b) => a.params - b.params);
  return operations;
}

/**
 * OpenAPI 3.0's `nullable: true` read as the console's generated types read it (`T | null`),
 * also beside `allOf: [{ $ref }]`, where JSON Schema alone would still demand the object.
 */
function nullables(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(nullables);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'nullable' ? v : nullables(v);
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function validator(key: string, status: string, schema: object | undefined) {
  const id = `${key} ${status}`;
  if (!validators.has(id)) {
    const rooted = schema
      ? nullables(
          JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')),
        )
      : undefined;
    validators.set(id, rooted ? ajv!.compile(rooted) : null);
  }
  return validators.get(id) ?? null;
}

/** The document's operation for a request, or undefined (e.g. an unknown route). */
export function documentedOperation(method: string, pathname: string): DocOperation | undefined {
  const probe = `${method.toUpperCase()} ${pathname.replace(/\/{2,}/g, '/')}`;
  return load().find((op) => op.pattern.test(probe));
}

/**
 * The disagreement between an answer and the document, if any: an undocumented status, or a
 * JSON body outside the documented schema.
 */
export function contractViolation(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): string | undefined {
  const pathname = new URL(url, 'http://localhost').pathname;
  const op = documentedOperation(method, pathname);
  if (!op) return undefined;
  const response = op.responses[String(status)];
  if (!response) {
    const code = (body as { code?: unknown } | undefined)?.code;
    return `${op.key} answered ${status}${code ? ` ${String(code)}` : ''}, which the document does not list (${Object.keys(op.responses).join(', ')})`;
  }
  if (!/json/.test(contentType) || body === undefined) return undefined;
  // A test that asked for a file (`.buffer()`) gets a refusal's JSON as bytes: read it as JSON.
  if (Buffer.isBuffer(body)) body = JSON.parse(body.toString('utf8'));
  const media = /problem\+json/.test(contentType) ? 'application/problem+json' : 'application/json';
  const schema = response.content?.[media]?.schema;
  if (!schema) {
    if (response.content && Object.keys(response.content).length > 0) {
      return `${op.key} ${status} answered ${media}, which the document does not list`;
    }
    return undefined;
  }
  const validate = validator(op.key, `${status} ${media}`, schema);
  if (validate && !validate(body)) {
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('; ');
    return `${op.key} ${status} body does not match the document: ${errors} — ${JSON.stringify(body).slice(0, 300)}`;
  }
  return undefined;
}

export function assertContract(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): void {
  const violation = contractViolation(method, url, status, contentType, body);
  if (!violation) return;
  // CONTRACT_REPORT=<file>: collect every disagreement of a run instead of failing on the first.
  if (process.env.CONTRACT_REPORT) appendFileSync(process.env.CONTRACT_REPORT, `${violation}\n`);
  else throw new Error(`API contract: ${violation}`);
}
