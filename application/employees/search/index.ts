export * from './employee-search.ts';
export * from './fold-text.ts';
export * from './keyboard-layout.ts';
export * from './network-address.ts';
export * from './phone-digits.ts';
export * from './search-query.ts';
export * from './transliteration.ts';
