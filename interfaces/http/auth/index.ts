export * from './auth-cookies.ts';
export * from './auth-routes.ts';
export * from './auth-state.ts';
export * from './authenticate.ts';
export * from './csrf-tokens.ts';
export * from './current-users.ts';
