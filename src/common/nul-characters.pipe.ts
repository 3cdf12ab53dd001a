import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';
import { fieldsWithNul } from './nul-characters';

/** Runs before validation on bodies, query strings and path parameters. */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const prefix = metadata.type === 'param' ? (metadata.data ?? '') : '';
    const fields = fieldsWithNul(value, prefix);
    if (fields.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Text may not contain NUL characters: ${fields.join(', ')}.`,
        fields.map((field) => ({ field, message: 'must not contain NUL (\\u0000) characters' })),
      );
    }
    return value;
  }
}
