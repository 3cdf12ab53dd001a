export const PROGRAM_CODES = ['JOHNZ_SCHOOL', 'OAR'] as const;
export type ProgramCode = (typeof PROGRAM_CODES)[number];
