export type { OtrsCustomerKeys } from './customer-keys.ts';
