import { AppInstance } from './app';

/**
 * Reads the running server's own OpenAPI document, so the permission-matrix and fuzz tests cover
 * whatever routes exist when they run, plus a tiny fetch-based HTTP client that can send what
 * supertest will not (malformed JSON, wrong content types, raw query strings).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  [other: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  method: HttpMethod;
  /** The path template as the document shows it, e.g. `/api/v1/enrollments/{id}`. */
  path: string;
  /** `GET /api/v1/enrollments/{id}`: the key the permission matrix uses. */
  key: string;
  pathParams: string[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** The JSON request body's schema with `$ref`s resolved, when the route takes one. */
  body?: Schema;
  bodyRequired: boolean;
}

export const isMutating = (m: HttpMethod) => m !== 'GET';

export async function fetchOpenApi(app: AppInstance): Promise<OpenApiDocument> {
  const res = await fetch(`${app.url}/docs-json`);
  if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/** Follows `$ref`s and merges `allOf`, deep enough for DTOs (cycles stop at `depth`). */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved schema ${schema.$ref}`);
    return resolveSchema(doc, target, depth + 1);
  }
  if (schema.allOf) {
    const merged: Schema = { ...schema, allOf: undefined };
    for (const part of schema.allOf.map((s) => resolveSchema(doc, s, depth + 1))) {
      Object.assign(merged, part, {
        properties: { ...merged.properties, ...part.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      });
    }
    return merged;
  }
  const out: Schema = { ...schema };
  if (schema.items) out.items = resolveSchema(doc, schema.items, depth + 1);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]),
    );
  }
  return out;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared: Parameter[] = item.parameters ?? [];
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const params: Parameter[] = [...shared, ...(op.parameters ?? [])];
      const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const json = op.requestBody?.content?.['application/json'];
      ops.push({
        method,
        path,
        key: `${method} ${path}`,
        pathParams: templateParams,
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ ...p, schema: resolveSchema(doc, p.schema) })),
        headerParams: params.filter((p) => p.in === 'header'),
        body: json ? resolveSchema(doc, json.schema) : undefined,
        bodyRequired: Boolean(op.requestBody?.required ?? json),
      });
    }
  }
  return ops;
}

/** encodeURIComponent that turns lone surrogates into U+FFFD instead of throwing. */
export const encode = (v: string) =>
  encodeURIComponent(
    v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

/** Fills `{name}` placeholders with (URL-encoded) values. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encode(value(name)));
}

export interface RawRequest {
  method: HttpMethod;
  /** Path (with the /api/v1 prefix when it has one) and raw query string, already encoded. */
  url: string;
  token?: string;
  headers?: Record<string, string>;
  /** Sent as-is; `undefined` sends no body. */
  body?: string;
  contentType?: string;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON (or problem+json), else undefined. */
  json: any;
}

export async function send(base: string, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (req.body !== undefined && req.contentType !== undefined)
    headers['content-type'] = req.contentType;
  const res = await fetch(`${base}${req.url}`, {
    method: req.method,
    headers,
    body: req.body,
    redirect: 'manual',
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let json: any;
  if (/json/.test(contentType)) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, contentType, text, json };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const isProblem = (res: RawResponse) =>
  /^application\/problem\+json/.test(res.contentType) && typeof res.json?.code === 'string';
