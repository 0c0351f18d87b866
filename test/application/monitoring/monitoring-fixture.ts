import type { CheckTiming } from '../../../domain/monitoring/index.ts';
import {
  type CheckStateCommands,
  type ServerCommands,
  type ServerGroupCommands,
  makeCheckStateCommands,
  makeServerCommands,
  makeServerGroupCommands,
} from '../../../application/monitoring/index.ts';
import { type EventStore, randomIds } from '../../../application/ports/index.ts';

export const timing: CheckTiming = {
  intervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 0,
  retryIntervalSeconds: 20,
  resendIntervalSeconds: 0,
};

export interface MonitoringCommands {
  readonly groups: ServerGroupCommands;
  readonly servers: ServerCommands;
  readonly checkStates: CheckStateCommands;
}

/** The monitoring commands over `store`, groups counted as empty. */
export function monitoringCommands(store: EventStore): MonitoringCommands {
  const checkStates = makeCheckStateCommands({ store });
  const members = { countServers: () => Promise.resolve(0) };
  return {
    groups: makeServerGroupCommands({ store, ids: randomIds, members }),
    servers: makeServerCommands({ store, ids: randomIds, checkStates }),
    checkStates,
  };
}
