import { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApiProperty, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ROUTE_REFUSALS } from './endpoint';
import { ErrorCode, ErrorCodeName } from './error-codes';
import { UuidParamPipe } from './validation';

type Partial = Record<string, unknown>;
type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * What class-validator checks that the @nestjs/swagger plugin's shim does not read: whole
 * numbers, UUIDs, the project's own validators (calendar days, instants with an offset, cents).
 * Each entry maps a validator's name to the schema keywords it guarantees.
 */
const FROM_VALIDATORS: Record<string, (constraints: unknown[]) => Partial> = {
  isInt: () => ({ type: 'integer' }),
  isUUID: () => ({ format: 'uuid' }),
  isCalendarDate: () => ({ type: 'string', format: 'date' }),
  isTimestampWithOffset: () => ({ type: 'string', format: 'date-time' }),
  isISO8601: () => ({ type: 'string', format: 'date-time' }),
  isDateString: () => ({ type: 'string', format: 'date-time' }),
  isPositiveCents: () => ({ type: 'integer', minimum: 1, maximum: 100_000_000_00 }),
  isNotEmpty: () => ({ minLength: 1 }),
  arrayUnique: () => ({ uniqueItems: true }),
  arrayNotEmpty: () => ({ minItems: 1 }),
};

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';

let derived = false;

/** Adds to the DTOs' schema metadata what their validators guarantee (once per process). */
export function deriveSchemasFromValidators(): void {
  if (derived) return;
  derived = true;
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<
      AnyClass,
      { name?: string; propertyName: string; constraints?: unknown[]; each?: boolean }[]
    >;
  };
  for (const [target, metas] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    for (const meta of metas) {
      const derive = meta.name ? FROM_VALIDATORS[meta.name] : undefined;
      if (!derive || meta.each) continue;
      const keywords = derive(meta.constraints ?? []);
      ApiProperty(keywords as never)(target.prototype, meta.propertyName);
    }
  }
  fixNullableObjects();
}

/**
 * `@ApiProperty({ nullable: true }) note: string | null` records `Object` (TypeScript's
 * design type of a union); the plugin read the real type: keep that one.
 */
function fixNullableObjects(): void {
  const seen = new Set<unknown>();
  const visit = (cls: unknown) => {
    if (typeof cls !== 'function' || seen.has(cls)) return;
    seen.add(cls);
    const factory = (cls as unknown as Record<string, () => Record<string, Partial>>)[
      METADATA_FACTORY
    ];
    if (!factory) return;
    const plugin = factory();
    for (const [key, meta] of Object.entries(plugin)) {
      const recorded = Reflect.getMetadata(API_MODEL_PROPERTIES, cls.prototype, key) as
        Partial | undefined;
      if (recorded && recorded.type === Object && typeof meta.type === 'function') {
        const real = (meta.type as () => unknown)();
        if (real !== Object && !Array.isArray(real)) {
          Reflect.defineMetadata(
            API_MODEL_PROPERTIES,
            { ...recorded, type: real },
            cls.prototype,
            key,
          );
        }
      }
    }
  };
  for (const target of modelClasses) visit(target);
}

/** Every class the plugin metadata describes (filled by trackModels). */
const modelClasses = new Set<unknown>();

/** Records the DTO classes of the plugin metadata, so their types can be checked. */
export async function trackModels(metadata: () => Promise<Record<string, any>>): Promise<void> {
  const { '@nestjs/swagger': swagger } = await metadata();
  for (const [modulePromise, classes] of swagger.models as [Promise<object>, object][]) {
    const mod = (await modulePromise) as Record<string, unknown>;
    for (const name of Object.keys(classes)) modelClasses.add(mod[name]);
  }
}

const PROBLEM: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable, clients switch on it.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ErrorCode) },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
    instance: { type: 'string' },
  },
};

const isRef = (s: unknown): s is ReferenceObject =>
  typeof s === 'object' && s !== null && '$ref' in s;

/**
 * The document: controllers and DTOs as @nestjs/swagger reads them, then the refusals of each
 * route from @Endpoint/@Roles with their statuses from the catalogue, UUID path parameters, and
 * request bodies closed to unknown members (the validation pipe refuses them).
 */
export function buildDocument(
  app: INestApplication,
  config: Omit<OpenAPIObject, 'paths'>,
): OpenAPIObject {
  deriveSchemasFromValidators();
  const doc = SwaggerModule.createDocument(app, config);
  const schemas = (doc.components ??= {}).schemas ?? (doc.components.schemas = {});
  schemas.Problem = PROBLEM;
  const closed = new Set<string>();
  const close = (schema: SchemaObject | ReferenceObject | undefined) => {
    if (!schema) return;
    if (isRef(schema)) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (closed.has(name)) return;
      closed.add(name);
      close(schemas[name]);
      return;
    }
    if (schema.type === 'object' || schema.properties) {
      schema.additionalProperties = false;
      for (const p of Object.values(schema.properties ?? {})) close(p);
    }
    if (schema.items) close(schema.items);
    for (const part of schema.allOf ?? []) close(part);
  };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const body = op.requestBody && !isRef(op.requestBody) ? op.requestBody : undefined;
      close(body?.content?.['application/json']?.schema);
      documentRefusals(op);
    }
  }
  return doc;
}

function documentRefusals(op: OperationObject): void {
  const route = op.operationId ? ROUTE_REFUSALS.get(op.operationId) : undefined;
  const codes = new Set<ErrorCodeName>(route?.codes ?? []);
  const params = (op.parameters ?? []).filter((p) => !isRef(p));
  if (route) {
    const args = (Reflect.getMetadata(
      ROUTE_ARGS_METADATA,
      (route.target as { constructor: AnyClass }).constructor,
      route.method,
    ) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
    for (const arg of Object.values(args)) {
      const uuid = (arg.pipes ?? []).some((p) => p === UuidParamPipe || p instanceof UuidParamPipe);
      const param = params.find((p) => 'in' in p && p.in === 'path' && p.name === arg.data);
      if (uuid && param && 'schema' in param) {
        param.schema = { type: 'string', format: 'uuid' };
      }
    }
  }
  // A parameter or a body (of any media type, malformed JSON included) can be refused with 400.
  const takesInput =
    params.some((p) => 'in' in p && (p.in === 'path' || p.in === 'query')) ||
    op.requestBody !== undefined;
  if (takesInput) codes.add('VALIDATION_FAILED');
  // The body limit (BODY_LIMIT) holds for every route that takes a body.
  if (op.requestBody) codes.add('PAYLOAD_TOO_LARGE');
  // Any route may find the database unreachable (503 with Retry-After).
  codes.add('SERVICE_UNAVAILABLE');
  const byStatus = new Map<number, ErrorCodeName[]>();
  for (const code of codes) {
    const status = ErrorCode[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    list.sort();
    const notes = list
      .map((code) => (route?.notes[code] ? `${code}: ${route.notes[code]}` : code))
      .join('; ');
    op.responses[String(status)] = {
      description: notes,
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/Problem' },
              { type: 'object', properties: { code: { type: 'string', enum: list } } },
            ],
          },
        },
      },
    };
  }
}
