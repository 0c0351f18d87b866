import type { Kysely } from 'kysely';
import type { SettingsView } from '../../application/settings/index.ts';
import { type Checkpoint, type EventStore } from '../../application/ports/index.ts';
import { makeTelegramUserCommands } from '../../application/telegram/index.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../infrastructure/excel/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import {
  type AuditQueriesDatabase,
  type ProjectionStore,
  type TelegramDatabase,
  auditLogQueries,
  employeesProjector,
  monitoringProjector,
  telegramLookupsQueries,
  telegramProjector,
  waitForProjection,
} from '../../projections/index.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';
import type { MonitoringDatabase } from '../../projections/monitoring/index.ts';
import { auditPages } from '../web/pages/audit/audit-pages.tsx';
import { memoryImportDrafts } from '../web/pages/import/import-drafts.ts';
import { importPages } from '../web/pages/import/import-pages.tsx';
import { serversPages } from '../web/pages/servers/servers-pages.tsx';
import { telegramUsersPages } from '../web/pages/telegram/telegram-users-pages.tsx';
import type { WebFeature } from '../web/web-feature.ts';
import { makeEmployeesImport } from './employees-runtime.ts';
import { defaultInterval, makeMonitoringCommands } from './monitoring-runtime.ts';

/** As the API's routes wait for their read models before answering (see each feature's runtime). */
const READ_YOUR_WRITES_MS = 5_000;
const IMPORT_READ_YOUR_WRITES_MS = 60_000;

export interface WebPagesRuntimeDeps {
  readonly db: Kysely<Database>;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly settings: SettingsView;
  /** `TELEGRAM_ADMIN_IDS`, as the API's Telegram commands take them. */
  readonly telegramAdminIds: readonly number[];
  /** The nodes' shared secret a push check's token derives from (the JWT secret), as the API's. */
  readonly pushTokenSecret?: string | undefined;
}

/**
 * The web admin's sections beyond the foundation (Telegram users, servers, audit log, Excel import), each
 * on the same command handlers and queries as its API routes, for `openWebAdmin`'s `pages`.
 */
export function openWebPages(deps: WebPagesRuntimeDeps): WebFeature[] {
  const { eventStore, projectionStore } = deps;
  const waitFor = (projection: string, ms: number) => (checkpoint: Checkpoint) =>
    waitForProjection(projectionStore, projection, checkpoint, ms);
  const monitoring = makeMonitoringCommands({
    eventStore,
    db: deps.db.withTables<MonitoringDatabase & ActorNamesDatabase>(),
    pushTokenSecret: deps.pushTokenSecret,
  });
  return [
    serversPages({
      servers: monitoring.servers,
      groups: monitoring.groups,
      queries: monitoring.queries,
      waitForMonitoring: waitFor(monitoringProjector.name, READ_YOUR_WRITES_MS),
      defaultIntervalSeconds: defaultInterval(deps.settings),
    }),
    telegramUsersPages({
      commands: makeTelegramUserCommands({ store: eventStore, adminIds: new Set(deps.telegramAdminIds) }),
      lookups: telegramLookupsQueries(deps.db.withTables<TelegramDatabase>()),
      waitForTelegram: waitFor(telegramProjector.name, READ_YOUR_WRITES_MS),
    }),
    importPages({
      imports: makeEmployeesImport({ eventStore, settings: deps.settings }),
      uploadLimitBytes: DEFAULT_IMPORT_LIMITS.maxFileBytes,
      drafts: memoryImportDrafts(),
      waitForEmployees: waitFor(employeesProjector.name, IMPORT_READ_YOUR_WRITES_MS),
    }),
    auditPages({ queries: auditLogQueries(deps.db.withTables<AuditQueriesDatabase>()), eventStore }),
  ];
}
