import { FieldError } from '../common/domain-error';

/** Every row repeating an earlier row's enrollment, named as the client sent it. */
export function duplicateRows(ids: string[]): FieldError[] {
  const first = new Map<string, number>();
  const out: FieldError[] = [];
  ids.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else
      out.push({
        field: `records[${i}].enrollmentId`,
        message: `repeats records[${earlier}].enrollmentId`,
      });
  });
  return out;
}
