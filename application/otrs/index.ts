export type { OtrsCustomerKeys } from './customer-keys.ts';
export * from './ticket-commands.ts';
export * from './agent-link-commands.ts';
export * from './ticket-action-runner.ts';
export * from './ticket-action-update.ts';
export * from './ticket-action-requests.ts';
