export * from './idempotency-claim.ts';
export * from './request-hash.ts';
