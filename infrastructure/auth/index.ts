export * from './argon2-password-hasher.ts';
export * from './jwt-access-tokens.ts';
export * from './login-throttle.ts';
export * from './postgres-refresh-tokens.ts';
