export type { PersonalDataErrorCode } from './personal-data-error-codes.ts';
