export * from './telegram-webhook-routes.ts';
export * from './telegram-users-routes.ts';
export * from './telegram-forget-routes.ts';
