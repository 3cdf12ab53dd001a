import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBody,
  ApiBodyOptions,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiResponseNoStatusOptions,
} from '@nestjs/swagger';
import { ErrorCode, ErrorCodeName } from './error-codes';

/** A success answer: its body's type (`[Dto]` for an array), or a schema for what is not JSON. */
export type Answer = Type<unknown> | [Type<unknown>] | ApiResponseNoStatusOptions;

export interface EndpointOptions {
  summary: string;
  description?: string;
  /** 200 with this body. */
  ok?: Answer;
  /** 201 with this body. */
  created?: Answer;
  /** 202 with this body. */
  accepted?: Answer;
  /** 204: no body (the string, if any, says what happened). */
  noContent?: true | string;
  /**
   * Every refusal the route answers with, by code. The status of each comes from the catalogue
   * (error-codes.ts); the document shows, per status, the codes a client may switch on.
   * VALIDATION_FAILED is implied where the route takes a parameter, a query or a body;
   * UNAUTHENTICATED and FORBIDDEN come with @Roles/@AnyRole.
   */
  refuses?: ErrorCodeName[];
  /** What a refusal means here, when its code alone does not say it. */
  notes?: Partial<Record<ErrorCodeName, string>>;
  /** Media types answered other than JSON (a PDF, a CSV, a page). */
  produces?: string[];
  consumes?: string[];
  body?: ApiBodyOptions;
}

export interface RouteRefusals {
  target: object;
  method: string;
  codes: Set<ErrorCodeName>;
  notes: Partial<Record<ErrorCodeName, string>>;
}

/**
 * The refusals of every documented route, by the operationId the document gives it
 * (`<Controller>_<method>`). Read when the document is built (openapi-document.ts).
 */
export const ROUTE_REFUSALS = new Map<string, RouteRefusals>();

/** Adds refusals to a route (used by @Endpoint, and by @Roles/@AnyRole for 401/403). */
export function refuses(
  codes: ErrorCodeName[],
  notes: Partial<Record<ErrorCodeName, string>> = {},
): MethodDecorator {
  return (target, key) => {
    const operationId = `${(target as { constructor: { name: string } }).constructor.name}_${String(key)}`;
    const entry = ROUTE_REFUSALS.get(operationId) ?? {
      target,
      method: String(key),
      codes: new Set<ErrorCodeName>(),
      notes: {},
    };
    for (const code of codes) {
      if (!(code in ErrorCode)) throw new Error(`${operationId}: unknown error code ${code}`);
      entry.codes.add(code);
    }
    Object.assign(entry.notes, notes);
    ROUTE_REFUSALS.set(operationId, entry);
  };
}

function answer(status: number, spec: Answer | true | string): MethodDecorator {
  if (spec === true) return ApiResponse({ status, description: '' });
  if (typeof spec === 'string') return ApiResponse({ status, description: spec });
  if (typeof spec === 'function' || Array.isArray(spec)) {
    return ApiResponse({ status, type: spec, description: '' });
  }
  return ApiResponse({ status, description: '', ...spec } as Parameters<typeof ApiResponse>[0]);
}

/**
 * The whole documentation of a route in one place: what it does, what it answers on success,
 * and every code it may refuse with.
 */
export function Endpoint(opts: EndpointOptions): MethodDecorator {
  const decorators: MethodDecorator[] = [
    ApiOperation({ summary: opts.summary, description: opts.description }),
  ];
  if (opts.ok) decorators.push(answer(200, opts.ok));
  if (opts.created) decorators.push(answer(201, opts.created));
  if (opts.accepted) decorators.push(answer(202, opts.accepted));
  if (opts.noContent) decorators.push(answer(204, opts.noContent));
  if (opts.produces) decorators.push(ApiProduces(...opts.produces));
  if (opts.consumes) decorators.push(ApiConsumes(...opts.consumes));
  if (opts.body) decorators.push(ApiBody(opts.body));
  decorators.push(refuses(opts.refuses ?? [], opts.notes));
  return applyDecorators(...decorators);
}
