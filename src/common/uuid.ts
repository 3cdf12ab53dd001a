const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its usual text form (any version): what the database's uuid columns accept. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
