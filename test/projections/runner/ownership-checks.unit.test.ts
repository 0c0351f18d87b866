import test from 'ava';
import type { ProjectionState } from '../../../application/ports/index.ts';
import { upkeepDue } from '../../../projections/runner/catch-up-upkeep.ts';
import { takenOver } from '../../../projections/runner/lease-renewal.ts';
import { isBuiltByNewer } from '../../../projections/runner/projector-version.ts';

const state = (overrides: Partial<ProjectionState> = {}): ProjectionState => ({
  name: 'rows',
  version: 2,
  epoch: 7,
  owner: 'node-a',
  checkpoint: { transactionId: 1000n, position: 5n },
  status: 'running',
  eventsApplied: 5,
  parked: null,
  rebuildStartedAt: null,
  updatedAt: new Date(0),
  ...overrides,
});

test('steps down only for live tables built by a newer projector version', (t) => {
  t.true(isBuiltByNewer({ version: 1 }, state({ version: 2 })));
  t.false(isBuiltByNewer({ version: 2 }, state({ version: 2 })));
  t.false(isBuiltByNewer({ version: 3 }, state({ version: 2 })));
  t.false(isBuiltByNewer({ version: 1 }, null));
});

test('sees the projection taken over once the stored epoch is not the one it claimed', (t) => {
  t.true(takenOver(7, state({ epoch: 8 })));
  t.false(takenOver(7, state({ epoch: 7 })));
  // Not claimed yet, or no row to compare with: nothing to lose.
  t.false(takenOver(-1, state({ epoch: 8 })));
  t.false(takenOver(7, null));
});

test('makes the upkeep due after a bulk of events, once there is a checkpoint to fence it with', (t) => {
  const checkpoint = { transactionId: 1000n, position: 5n };
  t.true(upkeepDue(10_000, 10_000, checkpoint));
  t.true(upkeepDue(12_000, 10_000, checkpoint));
  t.false(upkeepDue(9_999, 10_000, checkpoint));
  t.false(upkeepDue(10_000, 10_000, null));
});
