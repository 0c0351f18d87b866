export type { AuthErrorCode } from './auth-error-codes.ts';
