export type { Actor, Event, EventMetadata, EventType } from './event.ts';
export type { Command } from './command.ts';
export { type Decider, type SchemaVersions, fold, schemaVersionOf } from './decider.ts';
export { DomainError, type DomainErrorCode } from './domain-error.ts';
export type { OtrsGatewayErrorCode } from './otrs-gateway-error-codes.ts';
export { assertNever } from './assert-never.ts';
export {
  type ControlCharacter,
  type PlainTextOptions,
  blankControlCharacters,
  controlCharacterMessage,
  findControlCharacter,
  normalizePlainText,
  storableText,
} from './plain-text.ts';
