import { checkStateDecider, checkStateStreamId } from '../../../domain/monitoring/index.ts';
import { aggregateStream } from '../../commands/index.ts';
import type { EventStore } from '../../ports/index.ts';

/** The maintenance windows a check's state stream says it is in now (none unless under maintenance). */
export const maintenanceOfCheck =
  (store: EventStore) =>
  async (checkId: string): Promise<readonly string[]> => {
    const { state } = await aggregateStream(store, checkStateDecider, checkStateStreamId(checkId));
    return state.status === 'maintenance' ? state.windowIds : [];
  };
