export * from './personal-data-keys.ts';
export * from './personal-data-cipher.ts';
export * from './personal-data-lens.ts';
export * from './employee-lenses.ts';
export * from './personal-data-codec.ts';
export * from './with-personal-data-protection.ts';
export * from './protected-audit-event-log.ts';
export * from './forget-person.ts';
