import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';

/** Why a closed record is opened: the purposes RSMo 610.120 lists, as the API names them. */
export const ACCESS_REASONS = [
  'COURT_ORDER',
  'PROSECUTOR_REQUEST',
  'PARTICIPANT_REQUEST',
  'AUDIT',
  'FOLLOW_UP',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

/** The request header that states the reason. */
export const ACCESS_REASON_HEADER = 'X-Access-Reason';

/** The header's value as a reason, or undefined when it is missing or not one of them. */
export function accessReasonOf(value: string | undefined): AccessReason | undefined {
  const given = value?.trim();
  return (ACCESS_REASONS as readonly string[]).includes(given ?? '')
    ? (given as AccessReason)
    : undefined;
}

/** The raw X-Access-Reason header of the request (validated by RecordAccessService). */
export const AccessReasonHeader = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<Request>().header(ACCESS_REASON_HEADER),
);

export const ACCESS_REASON_DESCRIPTION =
  'Needed only to open a closed record (the court closed the case): SUPERVISOR or AUDITOR, with ' +
  `one of ${ACCESS_REASONS.join(', ')}. Without it, with another value, or for any other role ` +
  'the answer is 403 RECORD_CLOSED, showing nothing of the record (the refusal is audited as ' +
  'closed_record.view); with it the read is answered and recorded as a disclosure ' +
  '(GET /disclosures). An open record needs no header and writes no disclosure.';

/** OpenAPI: the route reads a person's record, which may be closed. */
export const ApiAccessReason = () =>
  applyDecorators(
    ApiHeader({
      name: ACCESS_REASON_HEADER,
      required: false,
      enum: [...ACCESS_REASONS],
      description: ACCESS_REASON_DESCRIPTION,
    }),
  );
