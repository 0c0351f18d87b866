import type { CheckDefinition } from '../../../domain/monitoring/index.ts';

/**
 * What makes two checks of one server the same check across imports: its kind and what it points at (the
 * port, the URL, the name resolved), not its options or timing, which a row may change. A row's check that
 * matches one the server has changes it in place (its history and a push token stay); one that matches none
 * is added, and a check of the server that no row check matches is removed.
 */
export function checkIdentity(definition: CheckDefinition): string {
  switch (definition.kind) {
    case 'tcp':
      return `tcp:${definition.port}`;
    case 'http':
      return `http:${definition.url}`;
    case 'dns':
      return `dns:${definition.host}:${definition.recordType}`;
    case 'ping':
    case 'push':
      return definition.kind;
  }
}

/** A stored check as a person would write it in the sheet, for the report (`tcp:5432`, `https://db1/`). */
export function checkLabel(definition: CheckDefinition): string {
  switch (definition.kind) {
    case 'tcp':
      return `tcp:${definition.port}`;
    case 'http':
      return definition.url;
    case 'dns':
      return `dns:${definition.host}${definition.recordType === 'A' ? '' : ' type=AAAA'}`;
    case 'ping':
    case 'push':
      return definition.kind;
  }
}
