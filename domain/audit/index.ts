export type { AuditErrorCode } from './audit-error-codes.ts';
