export { PRIORITIES, STATES } from './otrs-catalog.ts';
export type { OtrsFault } from './otrs-faults.ts';
export type { OperationName } from './otrs-operations.ts';
export type { FakeAgent, FakeTicket, RecordedOtrsCall } from './otrs-records.ts';
export { startLocalOtrsServer, type LocalOtrsServer, type LocalOtrsServerOptions } from './otrs-server.ts';
export type { NewTicket, TicketChange } from './otrs-state.ts';
export { serverLocalText } from './otrs-server-time.ts';
export type { InvokerDelivery, InvokerTarget, LocalInvoker } from './otrs-invoker.ts';
export type { OtrsTicketEventName } from './otrs-state.ts';
