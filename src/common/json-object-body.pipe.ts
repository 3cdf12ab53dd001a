import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

/**
 * A body declared as a DTO must be a JSON object. The JSON parser takes any JSON value, and the
 * validation pipe reads `null` as an empty object, so `PATCH` with `null` used to be an empty
 * update audited as a success: refused here with 400 naming the body. No body at all is left to
 * the DTO's own rules, as before.
 */
@Injectable()
export class JsonObjectBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || value === undefined) return value;
    const dto = typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (dto && (value === null || typeof value !== 'object' || Array.isArray(value)))
      throw new DomainError('VALIDATION_FAILED', 'The request body must be a JSON object.', [
        { field: 'body', message: 'must be a JSON object' },
      ]);
    return value;
  }
}
