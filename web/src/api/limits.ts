/** A limit of the API on a value staff type: a number's range, or a text's length. */
export interface Limit {
  min: number;
  max: number;
}

/**
 * The API's limits on what the console's forms send, by request body and field: the DTOs' Min,
 * Max and Length, as openapi.json publishes them (limits.spec.ts keeps the two the same). A
 * form's check, its hint and its message read them from here, never a number of their own.
 */
export const LIMITS = {
  UpdateProgramDto: {
    feeCents: { min: 1, max: 10_000_000 },
    requiredSessions: { min: 1, max: 100 },
    completionWindowDays: { min: 1, max: 730 },
  },
  CreateStaffDto: { password: { min: 12, max: 128 } },
  CreateSessionDto: {
    capacity: { min: 1, max: 500 },
    location: { min: 1, max: 200 },
    topic: { min: 1, max: 200 },
  },
  RecordDispositionDto: { courtReference: { min: 1, max: 120 } },
  RecordExpungementDto: { orderReference: { min: 1, max: 120 } },
  OverrideDuplicateDto: { reason: { min: 1, max: 500 } },
  CreatePaymentDto: { reference: { min: 1, max: 100 } },
  CreateRefundDto: { reason: { min: 1, max: 500 } },
  CreateReversalDto: { reason: { min: 1, max: 500 } },
  CreateWaiverRequestDto: { note: { min: 1, max: 2000 } },
} as const satisfies Record<string, Record<string, Limit>>;

/** Digits only, within `limit`: the number; anything else: undefined. */
export function wholeNumber(typed: string, limit: Limit): number | undefined {
  const text = typed.trim();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= limit.min && n <= limit.max ? n : undefined;
}

/** A text as long as the limit allows, no shorter and no longer. */
export function withinLength(text: string, limit: Limit): boolean {
  return text.length >= limit.min && text.length <= limit.max;
}
