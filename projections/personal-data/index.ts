export * from './forgotten-keys-projector.ts';
