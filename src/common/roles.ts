export const STAFF_ROLES = [
  'ADMIN',
  'INTAKE',
  'FACILITATOR',
  'FINANCE',
  'SUPERVISOR',
  'AUDITOR',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
