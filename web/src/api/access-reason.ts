import { useSyncExternalStore } from 'react';

/** Why a closed record is opened: the purposes RSMo 610.120 lists, as the API names them. */
export const ACCESS_REASONS = [
  'COURT_ORDER',
  'PROSECUTOR_REQUEST',
  'PARTICIPANT_REQUEST',
  'AUDIT',
  'FOLLOW_UP',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];

/** The request header that states the reason (API.md "Records after exit"). */
export const ACCESS_REASON_HEADER = 'X-Access-Reason';

/** The closed record opened now: its ids (the participant's, its referrals' and enrollment's). */
export interface OpenedRecord {
  reason: AccessReason;
  ids: ReadonlySet<string>;
}

// In memory only: the reason is never written to the URL, localStorage or sessionStorage, and
// a page load forgets it (the person is asked again).
let opened: OpenedRecord | null = null;
const listeners = new Set<() => void>();

function set(next: OpenedRecord | null): void {
  opened = next;
  for (const l of listeners) l();
}

export const closedRecordAccess = {
  /** The record opened with a reason, if any. */
  get current(): OpenedRecord | null {
    return opened;
  },

  /** The reason every API request carries while the record is open (the middleware reads it). */
  reason(): AccessReason | null {
    return opened?.reason ?? null;
  },

  /** Opens the closed record `id` (a participant's, or a referral's) for `reason`. */
  open(id: string, reason: AccessReason): void {
    set({ reason, ids: new Set([id.toLowerCase()]) });
  },

  /**
   * More ids of the same record (its referrals, its enrollment), learned as its pages load: the
   * record's own pages keep the reason, any other page forgets it.
   */
  include(ids: (string | null | undefined)[]): void {
    if (!opened) return;
    const more = ids.filter((i): i is string => !!i).map((i) => i.toLowerCase());
    if (more.every((i) => opened!.ids.has(i))) return;
    set({ ...opened, ids: new Set([...opened.ids, ...more]) });
  },

  /** Whether `id` belongs to the record opened now. */
  covers(id: string | null | undefined): boolean {
    return !!id && !!opened?.ids.has(id.toLowerCase());
  },

  /** Forgets the reason and answers the ids it covered (whose cached queries go too). */
  forget(): string[] {
    const ids = opened ? [...opened.ids] : [];
    if (opened) set(null);
    return ids;
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The closed record opened now (re-renders when it is opened or forgotten). */
export function useOpenedRecord(): OpenedRecord | null {
  return useSyncExternalStore(closedRecordAccess.subscribe, () => opened);
}
