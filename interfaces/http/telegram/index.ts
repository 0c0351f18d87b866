export * from './telegram-webhook-routes.ts';
