import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useChanged } from '../api/cache';
import { api, type Schemas } from '../api/client';
import { data } from '../api/queries';

export type Staff = Schemas['StaffDto'];
export type NewStaff = Schemas['CreateStaffDto'];
export type StaffUpdate = Schemas['UpdateStaffDto'];
export type ProgramUpdate = Schemas['UpdateProgramDto'];

export const staffKeys = {
  one: (id: string) => ['staff', id] as const,
  list: (page: number) => ['staff-list', page] as const,
};

export function useStaffMember(id: string) {
  return useQuery({
    queryKey: staffKeys.one(id),
    queryFn: () => data(api.GET('/api/v1/staff/{id}', { params: { path: { id } } })),
  });
}

export function useStaffList(page: number, limit: number) {
  return useQuery({
    queryKey: staffKeys.list(page),
    queryFn: () => data(api.GET('/api/v1/staff', { params: { query: { page, limit } } })),
    placeholderData: (previous) => previous,
    meta: { shows: ['staff'] },
  });
}

/** Staff accounts: each write changes the lists, the directory and the account's history. */
export function useStaffWrites() {
  const queryClient = useQueryClient();
  const changed = useChanged();
  const saved = (s: Staff) => {
    queryClient.setQueryData(staffKeys.one(s.id), s);
    void changed('staff');
    return s;
  };
  const path = (id: string) => ({ path: { id } });
  return {
    create: async (body: NewStaff) => {
      const created = await data(api.POST('/api/v1/staff', { body }));
      await changed('staff');
      return created;
    },
    update: async (id: string, body: StaffUpdate) =>
      saved(await data(api.PATCH('/api/v1/staff/{id}', { params: path(id), body }))),
    unlock: async (id: string) =>
      saved(await data(api.POST('/api/v1/staff/{id}/unlock', { params: path(id) }))),
    setPassword: async (id: string, body: Schemas['ChangePasswordDto']) => {
      await data(api.POST('/api/v1/staff/{id}/password', { params: path(id), body }));
      void changed('staff');
    },
  };
}

/** A program's fee, sessions and window (new enrollments only). */
export function useUpdateProgram() {
  const changed = useChanged();
  return async (id: string, body: ProgramUpdate) => {
    const updated = await data(api.PATCH('/api/v1/programs/{id}', { params: path(id), body }));
    await changed('programs');
    return updated;
  };
}

const path = (id: string) => ({ path: { id } });
