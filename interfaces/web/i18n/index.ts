export * from './texts-ru.ts';
export * from './texts-en.ts';
export * from './web-language.ts';
