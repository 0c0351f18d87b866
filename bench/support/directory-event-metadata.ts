import type { EventMetadata } from '../../domain/shared/index.ts';

/** Metadata of the synthetic directory events a bench registers (the projector reads only `occurredAt`). */
export const benchMetadata: EventMetadata = {
  actor: { kind: 'system', id: 'bench', name: 'Directory bench' },
  correlationId: 'bench',
  causationId: 'bench',
  source: 'bench',
  occurredAt: '2026-11-24T12:00:00.000Z',
};
