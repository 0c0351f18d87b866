export * from './openapi-document.ts';
export * from './docs-page.ts';
