export * from './telegram-projector.ts';
