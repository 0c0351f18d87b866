import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../domain/shared/index.ts';
import type { EventStore, NewEvent } from '../../application/ports/index.ts';

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

/** Appends `numbered(count, type)` in transactions of at most `perAppend` events, each on a new stream. */
export async function appendNumbered(
  store: EventStore,
  type: string,
  count: number,
  perAppend = 100,
): Promise<void> {
  for (let i = 0; i < count; i += perAppend) {
    await store.append(uniqueStream('numbered'), numbered(Math.min(perAppend, count - i), type, i));
  }
}
