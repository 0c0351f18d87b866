import type { Logger } from 'pino';
import type { EventStore } from '../../application/ports/index.ts';
import {
  type SettingsView,
  makeSettingsCommands,
  startSettingsView,
} from '../../application/settings/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { settingsRoutes } from '../http/settings/index.ts';

/**
 * The live settings, caught up with the log, as a node and a one-off command read them. A failed subscription
 * is logged and retried: a setting keeps its last value meanwhile.
 */
export function startSettingsRuntime(eventStore: EventStore, logger: Logger): Promise<SettingsView> {
  return startSettingsView({
    store: eventStore,
    onError: (error) => logger.warn({ err: error }, 'settings subscription failed; retrying'),
  });
}

/**
 * `GET|PATCH /api/v1/settings`: the settings' commands on the event store, answered from the live view; a
 * secret shows whether `secretIsSet` says it is configured.
 */
export function openSettingsRoutes(
  eventStore: EventStore,
  view: SettingsView,
  secretIsSet?: (key: string) => boolean,
): ApiFeature {
  return settingsRoutes({
    commands: makeSettingsCommands({ store: eventStore }),
    view,
    ...(secretIsSet ? { secretIsSet } : {}),
  });
}
