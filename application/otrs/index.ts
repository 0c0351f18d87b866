export type { OtrsCustomerKeys } from './customer-keys.ts';
export type { OtrsLoginClaimKeys } from './login-claim-keys.ts';
export * from './ticket-commands.ts';
export * from './agent-link-commands.ts';
export * from './routing-commands.ts';
