import { checkPartitionOf } from '../../ports/check-partitions.ts';
import type { CheckCatalog } from '../../ports/check-catalog.ts';
import type { CheckResults } from '../../ports/check-results.ts';
import { type Clock, type IdGenerator, randomIds, systemClock } from '../../ports/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import type { CheckResult, CheckStateCommandResult } from '../check-state-commands.ts';
import { pushTokenDigest } from '../push-token.ts';

export interface PushReceiverDeps {
  readonly catalog: Pick<CheckCatalog, 'pushCheckOf'>;
  readonly results: Pick<CheckResults, 'record' | 'recent'>;
  /** The partition's epoch now (whoever holds it): a push is written under it, like its holder's results. */
  readonly currentEpoch: (partition: number) => Promise<number | null>;
  readonly checkStates: {
    recordResult(result: CheckResult, metadata: EventMetadata): Promise<CheckStateCommandResult>;
  };
  /** The windows the check's state says it is in now: a push in one is recorded in maintenance (no uptime). */
  readonly maintenanceOf: (checkId: string) => Promise<readonly string[]>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/** What a push did: recorded an up for its check's slot (or found one recorded), or named no check. */
export type PushOutcome = 'recorded' | 'unknown';

const ACTOR = { kind: 'system', id: 'monitoring-push', name: 'Monitoring push' } as const;

/**
 * A push check's heartbeat, on whichever node the call reaches: an up result for the check's current slot,
 * written to the results store under the partition's current epoch and, when new, fed to the check's state
 * machine. The scheduler holding the partition turns a slot without one into down.
 */
export function makePushReceiver(deps: PushReceiverDeps) {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const slotIsUp = async (checkId: string, slotAtMs: number) =>
    (await deps.results.recent(checkId, 5)).some(
      (row) => row.slotAt.getTime() === slotAtMs && row.status === 'up',
    );
  return {
    async receive(token: string): Promise<PushOutcome> {
      const check = await deps.catalog.pushCheckOf(pushTokenDigest(token));
      if (check === null) return 'unknown';
      const at = clock.now();
      const { intervalSeconds } = check.timing;
      const slot = Math.floor(at.getTime() / (intervalSeconds * 1000));
      const partition = checkPartitionOf(check.checkId);
      const record = {
        checkId: check.checkId,
        serverId: check.serverId,
        slot,
        intervalSeconds,
        startedAt: at,
        status: 'up' as const,
        latencyMs: null,
        message: null,
        inMaintenance: (await deps.maintenanceOf(check.checkId)).length > 0,
      };
      // The epoch may move between its read and the write (a takeover): read it again, a few times.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const epoch = (await deps.currentEpoch(partition)) ?? 0;
        const outcome = await deps.results.record({ partition, epoch, results: [record] });
        if (!outcome.written) continue;
        // Recorded before: by this push's first try, whose state update may have failed after its row was
        // written (review G18), so the update is made again; the slot's key dedupes one that had been made.
        // Not on a down row of the slot (the scheduler's "no push"): the history keeps that one.
        if (outcome.recorded === 0 && !(await slotIsUp(check.checkId, slot * intervalSeconds * 1000))) {
          return 'recorded';
        }
        const id = ids.newId();
        await deps.checkStates.recordResult(
          {
            checkId: check.checkId,
            serverId: check.serverId,
            slot,
            at: at.toISOString(),
            status: 'up',
            error: null,
            retries: check.timing.retries,
          },
          { actor: ACTOR, correlationId: id, causationId: id, source: 'http', occurredAt: at.toISOString() },
        );
        return 'recorded';
      }
      throw new Error(`the push of check ${check.checkId} found its partition moving`);
    },
  };
}

export type PushReceiver = ReturnType<typeof makePushReceiver>;
