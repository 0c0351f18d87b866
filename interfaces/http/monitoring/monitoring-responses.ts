import { z } from 'zod';

const Actor = z
  .object({ kind: z.string(), id: z.string(), name: z.string().nullable() })
  .describe('Who; a person by name while they are known (null once forgotten)');

// The read model's views (projections/monitoring/monitoring-views.ts) as the OpenAPI document shows them.

const State = z.enum(['unknown', 'up', 'pending', 'down', 'maintenance', 'paused', 'retired']);
const Definition = z
  .object({ kind: z.enum(['tcp', 'http', 'ping', 'dns', 'push']) })
  .catchall(z.unknown())
  .describe('What the check probes (a push check shows only its kind: its token was shown once)');

export const Check = z.object({
  checkId: z.uuid(),
  serverId: z.uuid(),
  definition: Definition,
  timing: z.object({
    intervalSeconds: z.number().int(),
    timeoutSeconds: z.number().int(),
    retries: z.number().int(),
    retryIntervalSeconds: z.number().int(),
    resendIntervalSeconds: z.number().int(),
  }),
  state: State,
  stateSince: z.string(),
  failures: z.number().int(),
  firstError: z.string().nullable(),
  lastError: z.string().nullable(),
  openIncidentId: z.string().nullable(),
  certificate: z
    .object({ validTo: z.string(), expiring: z.boolean() })
    .nullable()
    .describe('An HTTPS check’s certificate once a warning was due'),
});

export const Server = z.object({
  serverId: z.uuid(),
  name: z.string(),
  host: z.string(),
  groupId: z.uuid().nullable(),
  parentId: z.uuid().nullable(),
  status: z.enum(['active', 'paused', 'removed']),
  state: State.exclude(['retired']).describe('The state of its worst check, or paused'),
  stateSince: z.string(),
  checks: z.array(Check),
  updatedAt: z.string(),
});

export const PushTokens = z
  .array(z.object({ checkId: z.uuid(), token: z.string() }))
  .describe('The tokens of new push checks: shown this once, only their digests are kept');

export const WrittenServer = Server.extend({ pushTokens: PushTokens });

const Rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any') }),
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('atLeast'), count: z.number().int() }),
]);

export const Group = z.object({
  groupId: z.uuid(),
  name: z.string(),
  alertRoute: z.object({ chatId: z.number().int(), messageThreadId: z.number().int().nullable() }).nullable(),
  quietHours: z.object({ from: z.string(), until: z.string(), timeZone: z.string() }).nullable(),
  statusRule: Rule,
  status: z.enum(['active', 'removed']),
  servers: z.number().int(),
  serversDown: z.number().int(),
  down: z.boolean().describe('DOWN by its status rule'),
});

export const Incident = z.object({
  incidentId: z.string(),
  checkId: z.uuid(),
  serverId: z.uuid(),
  serverName: z.string().nullable(),
  openedAt: z.string(),
  failingSince: z.string(),
  firstError: z.string(),
  parentDownId: z.uuid().nullable().describe('The parent that was down: the alert was held back'),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: Actor.nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.enum(['recovered', 'maintenance', 'paused', 'retired']).nullable(),
  durationSeconds: z.number().int(),
});

export const MaintenanceWindow = z.object({
  windowId: z.uuid(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('server'), serverId: z.string() }),
    z.object({ kind: z.literal('group'), groupId: z.string() }),
  ]),
  schedule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('once'), from: z.string(), until: z.string() }),
    z.object({
      kind: z.literal('recurring'),
      cron: z.string(),
      timeZone: z.string(),
      durationMinutes: z.number().int(),
    }),
  ]),
  reason: z.string().nullable(),
  status: z.enum(['scheduled', 'ended']),
  endedAt: z.string().nullable(),
  createdBy: Actor,
  createdAt: z.string(),
});

export const States = z.object({
  groups: z.array(Group),
  servers: z.array(Server.omit({ checks: true, host: true, parentId: true })),
});

export const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
