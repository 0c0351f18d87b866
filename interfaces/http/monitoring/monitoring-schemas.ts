import { z } from 'zod';
import {
  CHECK_INTERVAL_BOUNDS,
  MAX_CHECKS_PER_SERVER,
  MAX_KEYWORD_BYTES,
  MAX_SERVERS_PER_GROUP,
} from '../../../domain/monitoring/index.ts';
import { isKnownTimeZone } from '../../../domain/monitoring/monitoring-text.ts';
import type { UserRole } from '../../../domain/users/index.ts';
import { plainString } from '../plain-text-schema.ts';

/** Viewers read monitoring; operators and admins change it, acknowledge incidents and set maintenance. */
export const READERS: readonly UserRole[] = ['viewer', 'operator', 'admin'];
export const EDITORS: readonly UserRole[] = ['operator', 'admin'];

export const IdParams = z.strictObject({ id: z.uuid() });
export const CheckParams = z.strictObject({ id: z.uuid(), checkId: z.uuid() });
/** An incident is named by its check and the time slot it went DOWN in (`<checkId>:<slot>`). */
export const IncidentParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,15}$/i),
});

export const Page = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const Name = plainString().trim().min(1).max(100);

// The shapes and the bounds the issue names are checked here, with the field's path; the domain has the
// last word on every value (a host name, a URL) and names the field in its own refusals.
const Port = z.number().int().min(1).max(65535);
const Seconds = (max: number) => z.number().int().min(0).max(max);
const keyword = plainString()
  .min(1)
  .refine((text) => new TextEncoder().encode(text).length <= MAX_KEYWORD_BYTES, {
    message: `at most ${MAX_KEYWORD_BYTES} bytes`,
  });
const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => isKnownTimeZone(zone), { message: 'an unknown time zone' });

export const CheckDefinitionBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tcp'), port: Port }),
  z.strictObject({
    kind: z.literal('http'),
    url: plainString().trim().min(1).max(2000),
    method: z.enum(['GET', 'HEAD']).default('GET'),
    expectStatus: z
      .strictObject({ min: z.number().int().min(100).max(599), max: z.number().int().min(100).max(599) })
      .default({ min: 200, max: 299 }),
    keyword: keyword.optional(),
    json: z
      .strictObject({
        path: plainString().trim().min(1).max(256),
        equals: plainString().max(1024).optional(),
      })
      .optional(),
    tlsExpiryWarningDays: z.number().int().min(1).max(365).optional(),
    ignoreTlsErrors: z.boolean().default(false),
  }),
  z.strictObject({ kind: z.literal('ping') }),
  z.strictObject({
    kind: z.literal('dns'),
    host: plainString().trim().min(1).max(253).optional(),
    recordType: z.enum(['A', 'AAAA']).default('A'),
    expectAddress: plainString().trim().min(1).max(64).optional(),
  }),
  z.strictObject({ kind: z.literal('push') }),
]);
export type CheckDefinitionBody = z.infer<typeof CheckDefinitionBody>;

/** A check's timing; what is left out takes the defaults (the interval: `monitoring.checkIntervalSeconds`). */
export const CheckTimingBody = z.strictObject({
  intervalSeconds: z.number().int().min(CHECK_INTERVAL_BOUNDS.min).max(CHECK_INTERVAL_BOUNDS.max).optional(),
  timeoutSeconds: z.number().int().min(1).max(CHECK_INTERVAL_BOUNDS.max).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryIntervalSeconds: z
    .number()
    .int()
    .min(CHECK_INTERVAL_BOUNDS.min)
    .max(CHECK_INTERVAL_BOUNDS.max)
    .optional(),
  resendIntervalSeconds: Seconds(7 * 86_400).optional(),
});
export type CheckTimingBody = z.infer<typeof CheckTimingBody>;

export const CheckBody = z.strictObject({
  definition: CheckDefinitionBody,
  timing: CheckTimingBody.default({}),
});
export type CheckBody = z.infer<typeof CheckBody>;

const Host = plainString().trim().min(1).max(253);

export const NewServerBody = z.strictObject({
  name: Name,
  host: Host,
  groupId: z.uuid().nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  checks: z.array(CheckBody).min(1).max(MAX_CHECKS_PER_SERVER),
});

export const ServerPatchBody = z
  .strictObject({
    name: Name.optional(),
    host: Host.optional(),
    groupId: z.uuid().nullable().optional(),
    parentId: z.uuid().nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });

export const AlertRouteBody = z.strictObject({
  chatId: z
    .number()
    .int()
    .refine((id) => Number.isSafeInteger(id) && id !== 0, { message: 'a Telegram chat id' }),
  messageThreadId: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .nullable()
    .default(null),
});

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a time HH:MM' });
export const QuietHoursBody = z
  .strictObject({ from: ClockTime, until: ClockTime, timeZone: TimeZone })
  .refine((hours) => hours.from !== hours.until, {
    message: 'must not start when they end',
    path: ['until'],
  });

export const StatusRuleBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('atLeast'), count: z.number().int().min(1).max(MAX_SERVERS_PER_GROUP) }),
]);

export const NewGroupBody = z.strictObject({
  name: Name,
  statusRule: StatusRuleBody.optional(),
  alertRoute: AlertRouteBody.nullable().optional(),
  quietHours: QuietHoursBody.nullable().optional(),
});

export const GroupPatchBody = z
  .strictObject({
    name: Name.optional(),
    statusRule: StatusRuleBody.optional(),
    alertRoute: AlertRouteBody.nullable().optional(),
    quietHours: QuietHoursBody.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });

const Instant = z.iso.datetime({ offset: true });

export const MaintenanceBody = z.strictObject({
  target: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('server'), serverId: z.uuid() }),
    z.strictObject({ kind: z.literal('group'), groupId: z.uuid() }),
  ]),
  schedule: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('once'), from: Instant, until: Instant }),
    z.strictObject({
      kind: z.literal('recurring'),
      cron: z.string().max(100),
      timeZone: TimeZone,
      durationMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
    }),
  ]),
  reason: plainString().trim().max(500).nullable().optional(),
});

export const ServerListQuery = z.strictObject({ groupId: z.uuid().optional(), ...Page });
export const IncidentListQuery = z.strictObject({
  open: flag.optional(),
  serverId: z.uuid().optional(),
  ...Page,
});
export const MaintenanceListQuery = z.strictObject({
  includeEnded: flag.optional(),
  serverId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  ...Page,
});
