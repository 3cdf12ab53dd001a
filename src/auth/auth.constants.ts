export const JWT_ALGORITHM = 'HS256' as const;
export const JWT_ISSUER = 'diversion-case-manager';
export const JWT_AUDIENCE = 'diversion-case-manager-api';
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
