import {
  BadRequestException,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError, FieldError } from './domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The global pipe: unknown fields, wrong types and failed rules all answer 400 naming the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      const fields = [...new Set(list.map((e) => e.field))].join(', ');
      return new DomainError(
        'VALIDATION_FAILED',
        list.length ? `Invalid request: ${fields}.` : 'Invalid request body.',
        list.length ? list : [{ field: 'body', message: 'must be a JSON object' }],
      );
    },
  });
}

import { isUuid } from './uuid';

export { isUuid };

/** Path ids: a malformed UUID is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (!isUuid(value)) {
      const field = metadata.data ?? 'id';
      throw new DomainError('VALIDATION_FAILED', `${field} must be a UUID.`, [
        { field, message: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}

export { BadRequestException };
