import { registerDecorator, ValidationOptions } from 'class-validator';
import { chicagoDate, isCalendarDate } from './dates';

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function IsCalendarDate(
  options?: ValidationOptions & { notInFuture?: boolean; notBefore?: string },
) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !isCalendarDate(value)) return false;
          if (options?.notInFuture && value > chicagoDate()) return false;
          if (options?.notBefore && value < options.notBefore) return false;
          return true;
        },
        defaultMessage() {
          const parts = ['must be a date YYYY-MM-DD'];
          if (options?.notBefore) parts.push(`not before ${options.notBefore}`);
          if (options?.notInFuture) parts.push('not in the future');
          return `${propertyName} ${parts.join(', ')}`;
        },
      },
    });
}

/** A positive whole number of cents that JavaScript represents exactly. */
export function IsPositiveCents(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPositiveCents',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' &&
          Number.isSafeInteger(value) &&
          value > 0 &&
          value <= 100_000_000_00,
        defaultMessage: () =>
          `${propertyName} must be a positive integer number of cents (at most 10000000000)`,
      },
    });
}

/** An ISO 8601 timestamp that states its offset (Z or ±hh:mm). */
export function IsTimestampWithOffset(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimestampWithOffset',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          !Number.isNaN(Date.parse(value)) &&
          Number(value.slice(0, 4)) >= 2000 &&
          Number(value.slice(0, 4)) <= 2999,
        defaultMessage: () => `${propertyName} must be an ISO 8601 timestamp with an offset`,
      },
    });
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A filter bound: a calendar day (America/Chicago) or an ISO 8601 timestamp with offset. */
export function IsDateOrTimestamp(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateOrTimestamp',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (isCalendarDate(value) || (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)))),
        defaultMessage: () =>
          `${propertyName} must be a date YYYY-MM-DD or an ISO 8601 timestamp with offset`,
      },
    });
}
