export * from './form-input.ts';
