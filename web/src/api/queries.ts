import { useQuery } from '@tanstack/react-query';
import { api, type Schemas } from './client';

/** The middleware throws on any failure, so a settled call always has its data. */
export async function data<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

export type Program = Schemas['ProgramDto'];

export const PROGRAM_NAMES: Record<string, string> = {
  JOHNZ_SCHOOL: 'Johnz School',
  OAR: 'The OAR Program',
};

/** The short name staff use ("The OAR Program"); the API's `name` is the full one. */
export function programName(code: string | null | undefined, programs?: Program[]): string {
  if (!code) return '—';
  return PROGRAM_NAMES[code] ?? programs?.find((p) => p.code === code)?.name ?? code;
}

export function usePrograms() {
  return useQuery({
    queryKey: ['programs'],
    meta: { shows: ['programs'] },
    queryFn: () => data(api.GET('/api/v1/programs')),
    staleTime: 5 * 60_000,
  });
}

export type Court = Schemas['CourtDto'];

/** Every court, active or not (a referral may still name one taken off the list), by name. */
export function useCourts() {
  return useQuery({
    queryKey: ['courts'],
    queryFn: () => data(api.GET('/api/v1/courts')),
    staleTime: 5 * 60_000,
  });
}

export function useStaffDirectory() {
  return useQuery({
    queryKey: ['staff-directory'],
    meta: { shows: ['staff'] },
    queryFn: () => data(api.GET('/api/v1/staff/directory')),
    staleTime: 5 * 60_000,
  });
}

/** "who" columns: a staff member's name from the directory, or a short id while it loads. */
export function useStaffName(): (id: string | null | undefined) => string {
  const { data: staff } = useStaffDirectory();
  return (id) => {
    if (!id) return '—';
    return staff?.find((s) => s.id === id)?.displayName ?? 'Staff member';
  };
}
