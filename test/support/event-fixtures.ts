import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../domain/shared/index.ts';
import type { NewEvent } from '../../application/ports/index.ts';

export const testMetadata: EventMetadata = {
  actor: { kind: 'cli', id: 'tester', name: 'Test Runner' },
  correlationId: 'c0000000-0000-4000-8000-000000000001',
  causationId: 'c0000000-0000-4000-8000-000000000002',
  source: 'test',
  occurredAt: '2026-11-24T12:00:00.000Z',
};

/** `count` events of type `type` whose data numbers them from `from`. */
export function numbered(count: number, type = 'Counted', from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ type, data: { n: from + i }, metadata: testMetadata }));
}

/** A stream id nobody else in the run uses. */
export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
