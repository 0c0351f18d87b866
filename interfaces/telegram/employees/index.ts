export * from './employee-card.ts';
export * from './find-feature.ts';
export * from './whois-feature.ts';
