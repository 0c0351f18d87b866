export * from './telegram-webhook-routes.ts';
export * from './telegram-users-routes.ts';
