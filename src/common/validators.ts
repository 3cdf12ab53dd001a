import { registerDecorator, ValidationOptions } from 'class-validator';
import { programClock } from './clock';
import { isCalendarDate } from './dates';

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
          if (options?.notInFuture && value > programClock().today()) return false;
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
          isTimestampWithOffset(value) &&
          Number(value.slice(0, 4)) >= 2000 &&
          Number(value.slice(0, 4)) <= 2999,
        defaultMessage: () => `${propertyName} must be an ISO 8601 timestamp with an offset`,
      },
    });
}

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
          typeof value === 'string' && (isCalendarDate(value) || isTimestampWithOffset(value)),
        defaultMessage: () =>
          `${propertyName} must be a date YYYY-MM-DD or an ISO 8601 timestamp with offset`,
      },
    });
}

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/**
 * ISO 8601 with an explicit offset, and a real calendar day: Date.parse would roll 2026-02-30
 * over into March, PostgreSQL refuses it.
 */
export function isTimestampWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  return m !== null && isCalendarDate(m[1]) && !Number.isNaN(Date.parse(value));
}
