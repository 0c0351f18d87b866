import {
  MAINTENANCE_WINDOW_EVENT_TYPES,
  type MaintenanceWindowEvent,
  type MaintenanceWindowState,
  SERVER_EVENT_TYPES,
  type ServerEvent,
  type ServerState,
  maintenanceWindowDecider,
  serverDecider,
} from '../../../domain/monitoring/index.ts';
import { checkPartitionOf } from '../../ports/check-partitions.ts';
import type { CatalogCheck, CheckCatalog } from '../../ports/check-catalog.ts';
import type { Checkpoint, EventStore } from '../../ports/index.ts';

/** Events read per page while catching up; a call reads pages until the log's end, at most this many. */
const PAGE = 1000;
const MAX_PAGES_PER_CALL = 1000;

export interface EventLogCheckCatalog extends CheckCatalog {
  /** Reads the server events appended since the last call (every answer does this first). */
  catchUp(): Promise<void>;
}

/**
 * The check catalog folded from the servers' and maintenance windows' events in the log, kept in memory and caught up before each
 * answer (reading only what was appended since). A stand-in until the monitoring read model answers the
 * same port; fine for thousands of servers, whose events are few.
 */
export function eventLogCheckCatalog(store: EventStore): EventLogCheckCatalog {
  const servers = new Map<string, ServerState>();
  const windows = new Map<string, MaintenanceWindowState>();
  let checkpoint: Checkpoint | null = null;
  let catching: Promise<void> | null = null;

  const readNew = async () => {
    for (let page = 0; page < MAX_PAGES_PER_CALL; page += 1) {
      const events = await store.readAll(checkpoint, {
        filter: { eventTypes: [...SERVER_EVENT_TYPES, ...MAINTENANCE_WINDOW_EVENT_TYPES] },
        maxCount: PAGE,
      });
      for (const event of events) {
        checkpoint = event.checkpoint;
        const { serverId, windowId } = event.data as { serverId?: unknown; windowId?: unknown };
        if (event.streamId.startsWith('monitoring-server-') && typeof serverId === 'string') {
          const state = servers.get(serverId) ?? serverDecider.initialState();
          servers.set(serverId, serverDecider.evolve(state, event as unknown as ServerEvent));
        } else if (event.streamId.startsWith('monitoring-maintenance-') && typeof windowId === 'string') {
          const state = windows.get(windowId) ?? maintenanceWindowDecider.initialState();
          windows.set(
            windowId,
            maintenanceWindowDecider.evolve(state, event as unknown as MaintenanceWindowEvent),
          );
        }
      }
      if (events.length < PAGE) return;
    }
  };

  // Concurrent callers share one read, so the checkpoint only ever moves forwards.
  const catchUp = async () => {
    catching ??= readNew().finally(() => {
      catching = null;
    });
    await catching;
  };

  const running = function* (): Generator<CatalogCheck> {
    for (const server of servers.values()) {
      if (server.status !== 'active') continue;
      for (const check of server.checks)
        yield { ...check, serverId: server.serverId, groupId: server.groupId };
    }
  };

  return {
    catchUp,
    async checksOf(partitions) {
      await catchUp();
      const wanted = new Set(partitions);
      return [...running()].filter((check) => wanted.has(checkPartitionOf(check.checkId)));
    },
    async pushCheckOf(tokenDigest) {
      await catchUp();
      for (const check of running()) {
        if (check.definition.kind === 'push' && check.definition.tokenDigest === tokenDigest) return check;
      }
      return null;
    },
    async maintenanceWindows() {
      await catchUp();
      return [...windows.values()].flatMap((window) =>
        window.status === 'scheduled'
          ? [{ windowId: window.windowId, target: window.target, schedule: window.schedule }]
          : [],
      );
    },
  };
}
